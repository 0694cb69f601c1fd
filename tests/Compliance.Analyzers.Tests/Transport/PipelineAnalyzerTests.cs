using Compliance.Analyzers.CodeFixes.Transport;
using Microsoft.CodeAnalysis;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Transport.PipelineAnalyzer,
    Compliance.Analyzers.CodeFixes.Transport.PipelineCodeFixProvider>;

namespace Compliance.Analyzers.Tests.Transport;

public sealed class PipelineAnalyzerTests
{
    private const string Https = "CMP5001";
    private const string Headers = "CMP5003";
    private const string HeadersMessage = "The application's pipeline adds no security headers (nosniff, frame-ancestors, referrer policy, no-store for PHI); call app.UseSecurityHeaders() from Compliance.Runtime or configure an equivalent (HIPAA 164.312(e)(1); SOC 2 CC6.6)";

    private static string Program(string pipeline) => $$"""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        var app = {|#0:builder.Build()|};
        {{pipeline}}
        app.Run();
        """;

    private static VerifyCS.Test TopLevel(string source, params Compliance.Analyzers.Tests.Verifiers.DiagnosticResult[] expected)
    {
        var test = new VerifyCS.Test { TestCode = source, OutputKind = OutputKind.ConsoleApplication };
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    [Fact]
    public async Task BarePipeline_ReportsHttpsAndHeaders()
    {
        await TopLevel(
            Program("app.MapGet(\"/\", () => \"ok\");"),
            VerifyCS.Diagnostic(Https).WithLocation(0).WithArguments("The pipeline does not call UseHsts() or UseHttpsRedirection() outside development, so requests can travel over plain HTTP"),
            VerifyCS.Diagnostic(Headers).WithLocation(0).WithMessage(HeadersMessage)).RunAsync();
    }

    [Fact]
    public async Task HstsOnlyInDevelopment_DoesNotCount()
    {
        await TopLevel(
            Program("""
                if (app.Environment.IsDevelopment())
                {
                    app.UseHsts();
                }

                app.UseSecurityHeaders();
                """),
            VerifyCS.Diagnostic(Https).WithLocation(0).WithArguments("The pipeline does not call UseHsts() or UseHttpsRedirection() outside development, so requests can travel over plain HTTP")).RunAsync();
    }

    [Fact]
    public async Task CompliantPipeline_ReportsNothing()
    {
        await TopLevel(Program("""
            if (!app.Environment.IsDevelopment())
            {
                app.UseHsts();
            }

            app.UseHttpsRedirection();
            app.UseSecurityHeaders();
            """).Replace("{|#0:", "").Replace("|}", "")).RunAsync();
    }

    [Fact]
    public async Task UseComplianceAndConfiguredEquivalents_CountAsSecurityHeaders()
    {
        var source = Program("""
            app.UseHsts();
            app.UseHttpsRedirection();
            app.UseMiddleware<HeadersMiddleware>();
            """).Replace("{|#0:", "").Replace("|}", "") + """

            public sealed class HeadersMiddleware(Microsoft.AspNetCore.Http.RequestDelegate next)
            {
                public System.Threading.Tasks.Task InvokeAsync(Microsoft.AspNetCore.Http.HttpContext context) => next(context);
            }
            """;
        var test = TopLevel(source);
        test.EditorConfig = "compliance.transport.security_headers_equivalents = HeadersMiddleware";
        await test.RunAsync();

        await TopLevel(Program("app.UseHsts(); app.UseHttpsRedirection(); app.UseCompliance();").Replace("{|#0:", "").Replace("|}", "")).RunAsync();
    }

    [Fact]
    public async Task HelperMethodsThatReceiveTheApp_AreFollowed()
    {
        await TopLevel(Program("app.UseClinicPipeline();").Replace("{|#0:", "").Replace("|}", "") + """

            public static class Pipeline
            {
                public static WebApplication UseClinicPipeline(this WebApplication app)
                {
                    app.UseHsts();
                    app.UseHttpsRedirection();
                    app.UseSecurityHeaders();
                    return app;
                }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task StartupConfigure_IsAnalyzed()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.Hosting;

            public class Startup
            {
                public void {|#0:Configure|}(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    if (env.IsDevelopment())
                    {
                        app.UseDeveloperExceptionPage();
                    }

                    app.UseSecurityHeaders();
                    app.UseRouting();
                }
            }
            """,
            VerifyCS.Diagnostic(Https).WithLocation(0).WithArguments("The pipeline does not call UseHsts() or UseHttpsRedirection() outside development, so requests can travel over plain HTTP"));
    }

    [Fact]
    public async Task RedirectionAlone_SatisfiesAnApi()
    {
        await TopLevel(Program("app.UseHttpsRedirection(); app.UseSecurityHeaders();").Replace("{|#0:", "").Replace("|}", "")).RunAsync();
    }

    [Fact]
    public async Task LibrariesWithoutAPipeline_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync("""
            using Microsoft.AspNetCore.Builder;

            public static class Extensions
            {
                public static IApplicationBuilder UseSomething(this IApplicationBuilder app) => app;
            }
            """);
    }

    [Fact]
    public async Task WeakHstsMetadataOverHttpAndHttpAddresses_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            """
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.HttpsPolicy;
            using Microsoft.Extensions.DependencyInjection;

            public static class Setup
            {
                public static void Configure(IServiceCollection services, HttpClient client)
                {
                    services.AddHsts(o => {|#0:o.MaxAge = TimeSpan.FromDays(30)|});
                    {|#1:client.BaseAddress = new Uri("http://lab.partner.example.org/api/")|};
                    client.BaseAddress = new Uri("http://localhost:5000/");
                    services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(730));
                }
            }
            """,
            VerifyCS.Diagnostic(Https).WithLocation(0).WithArguments("HSTS with a max-age of 30 days lets browsers fall back to HTTP too soon; use at least 365 days"),
            VerifyCS.Diagnostic(Https).WithLocation(1).WithArguments("BaseAddress uses the plain-HTTP address 'http://lab.partner.example.org/api/'; use https://"));
    }

    [Fact]
    public async Task Fix_AddsHstsRedirectionAndHeadersAfterBuild()
    {
        var source = Program("app.MapGet(\"/\", () => \"ok\");");
        var fixedSource = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.UseSecurityHeaders();
            if (!app.Environment.IsDevelopment())
            {
                app.UseHsts();
            }
            app.UseHttpsRedirection();
            app.MapGet("/", () => "ok");
            app.Run();
            """;

        await new VerifyCS.Test
        {
            TestCode = source,
            OutputKind = OutputKind.ConsoleApplication,
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic(Https).WithLocation(0).WithArguments("The pipeline does not call UseHsts() or UseHttpsRedirection() outside development, so requests can travel over plain HTTP"),
                VerifyCS.Diagnostic(Headers).WithLocation(0).WithMessage(HeadersMessage),
            },
            FixedCode = fixedSource,
            NumberOfFixAllIterations = 2,
        }.RunAsync();
    }

    [Fact]
    public async Task HeadersFix_IsNotOfferedWithoutTheRuntime()
    {
        var source = Program("app.UseHsts(); app.UseHttpsRedirection();");
        await new VerifyCS.Test
        {
            ReferenceSet = Compliance.Analyzers.Tests.Verifiers.ReferenceSet.AspNetCore,
            TestCode = source,
            OutputKind = OutputKind.ConsoleApplication,
            ExpectedDiagnostics = { VerifyCS.Diagnostic(Headers).WithLocation(0).WithMessage(HeadersMessage) },
            FixedState = { Sources = { source }, ExpectedDiagnostics = { VerifyCS.Diagnostic(Headers).WithLocation(0).WithMessage(HeadersMessage) } },
            NumberOfIncrementalIterations = 0,
            NumberOfFixAllIterations = 0,
        }.RunAsync();
    }

    [Fact]
    public async Task MainMethodPipeline_IsAnalyzed()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            """
            using Microsoft.AspNetCore.Builder;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var app = {|#0:WebApplication.CreateBuilder(args).Build()|};
                    app.UseHsts();
                    app.UseHttpsRedirection();
                    app.Run();
                }
            }
            """,
            VerifyCS.Diagnostic(Headers).WithLocation(0).WithMessage(HeadersMessage));
    }

    [Fact]
    public async Task SeveralPipelineBodiesWithoutHeaders_ReportOncePerApplication()
    {
        // Security headers are one fact about the application: a second Configure body (an admin
        // host, an alternative startup) must not repeat it. The first pipeline in source order carries it.
        await VerifyCS.VerifyAnalyzerAsync(
            """
            using Microsoft.AspNetCore.Builder;

            public class Startup
            {
                public void {|#0:Configure|}(IApplicationBuilder app)
                {
                    app.UseHsts();
                    app.UseHttpsRedirection();
                }
            }

            public class AdminStartup
            {
                public void Configure(IApplicationBuilder app)
                {
                    app.UseHttpsRedirection();
                }
            }
            """,
            VerifyCS.Diagnostic(Headers).WithLocation(0).WithMessage(HeadersMessage));
    }

    [Fact]
    public async Task OnePipelineBodyAddingHeaders_CoversTheApplication()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            """
            using Microsoft.AspNetCore.Builder;

            public class Startup
            {
                public void Configure(IApplicationBuilder app)
                {
                    app.UseHttpsRedirection();
                }
            }

            public class AdminStartup
            {
                public void Configure(IApplicationBuilder app)
                {
                    app.UseHttpsRedirection();
                    app.UseSecurityHeaders();
                }
            }
            """);
    }

    [Fact]
    public async Task SecurityHeadersOnlyInDevelopment_DoNotCount()
    {
        await TopLevel(
            Program("""
                app.UseHsts();
                app.UseHttpsRedirection();
                if (app.Environment.IsDevelopment())
                {
                    app.UseSecurityHeaders();
                }
                """),
            VerifyCS.Diagnostic(Headers).WithLocation(0).WithMessage(HeadersMessage)).RunAsync();
    }

    [Fact]
    public async Task RequireHttpsMetadataFalse_IsReportedOutsideDevelopment()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            """
            using Microsoft.Extensions.Hosting;

            public class JwtBearerLikeOptions { public bool RequireHttpsMetadata { get; set; } = true; public string? Authority { get; set; } }

            public static class Setup
            {
                public static void Configure(JwtBearerLikeOptions o, IHostEnvironment env)
                {
                    {|#0:o.RequireHttpsMetadata = false|};
                    {|#1:o.Authority = "http://login.clinic.example.org"|};
                    if (env.IsDevelopment())
                    {
                        o.RequireHttpsMetadata = false;
                    }
                }
            }
            """,
            VerifyCS.Diagnostic(Https).WithLocation(0).WithArguments("RequireHttpsMetadata = false fetches signing keys and metadata over plain HTTP outside development"),
            VerifyCS.Diagnostic(Https).WithLocation(1).WithArguments("Authority uses the plain-HTTP address 'http://login.clinic.example.org'; use https://"));
    }

    [Fact]
    public async Task HeadersFix_AddsOnlyTheMissingCall()
    {
        var source = Program("app.UseHsts();\napp.UseHttpsRedirection();");
        var fixedSource = source.Replace("{|#0:", "").Replace("|}", "").Replace("var app = builder.Build();\n", "var app = builder.Build();\napp.UseSecurityHeaders();\n");
        await new VerifyCS.Test
        {
            TestCode = source,
            OutputKind = OutputKind.ConsoleApplication,
            ExpectedDiagnostics = { VerifyCS.Diagnostic(Headers).WithLocation(0).WithMessage(HeadersMessage) },
            FixedCode = fixedSource,
        }.RunAsync();
    }

    [Fact]
    public async Task HeadersFix_OnTheMvcTemplate_AddsTheSameCallBeforeTheErrorHandler()
    {
        // The middleware chooses the page policy for HTML responses itself, so the fix for a
        // server-rendered app is the same one line; placed first, error pages get headers too.
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllersWithViews();
            var app = {|#0:builder.Build()|};
            if (!app.Environment.IsDevelopment())
            {
                app.UseExceptionHandler("/Home/Error");
                app.UseHsts();
            }
            app.UseHttpsRedirection();
            app.UseRouting();
            app.UseAuthorization();
            app.MapStaticAssets();
            app.MapControllerRoute(name: "default", pattern: "{controller=Home}/{action=Index}/{id?}").WithStaticAssets();
            app.Run();
            """;
        await new VerifyCS.Test
        {
            TestCode = source,
            OutputKind = OutputKind.ConsoleApplication,
            ExpectedDiagnostics = { VerifyCS.Diagnostic(Headers).WithLocation(0).WithMessage(HeadersMessage) },
            FixedCode = Unmarked(source).Replace("var app = builder.Build();\n", "var app = builder.Build();\napp.UseSecurityHeaders();\n"),
        }.RunAsync();
    }

    [Fact]
    public async Task HeadersFix_OnARazorPagesApp_AddsTheSameCall()
    {
        var source = Program("""
            app.UseHttpsRedirection();
            app.MapRazorPages();
            """).Replace("var builder = WebApplication.CreateBuilder(args);\n", "var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddRazorPages();\n")
            .Replace("using Microsoft.Extensions.Hosting;\n", "using Microsoft.Extensions.DependencyInjection;\nusing Microsoft.Extensions.Hosting;\n");
        await new VerifyCS.Test
        {
            TestCode = source,
            OutputKind = OutputKind.ConsoleApplication,
            ExpectedDiagnostics = { VerifyCS.Diagnostic(Headers).WithLocation(0).WithMessage(HeadersMessage) },
            FixedCode = Unmarked(source).Replace("var app = builder.Build();\n", "var app = builder.Build();\napp.UseSecurityHeaders();\n"),
        }.RunAsync();
    }

    [Fact]
    public async Task HeadersFix_TwoHostsInOneProject_ReportOnceOnTheFirst_AndImportTheBuilderNamespace()
    {
        // Two hosts in one project (a site and its API) are one application as far as the headers
        // fact goes: one diagnostic, on the first file in path order (ApiHost.cs). That file names
        // the builder types in full, so the fix must import the namespace of UseSecurityHeaders() itself.
        const string site = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public static class SiteHost
            {
                public static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddRazorPages();
                    var app = builder.Build();
                    app.UseHttpsRedirection();
                    app.MapRazorPages();
                    app.Run();
                }
            }
            """;
        const string api = """
            namespace Clinic.Api;

            public static class ApiHost
            {
                public static void Main(string[] args)
                {
                    var app = {|#1:Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args).Build()|};
                    Microsoft.AspNetCore.Builder.HttpsPolicyBuilderExtensions.UseHttpsRedirection(app);
                    app.Run();
                }
            }
            """;
        const string fixedSite = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public static class SiteHost
            {
                public static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddRazorPages();
                    var app = builder.Build();
                    app.UseHttpsRedirection();
                    app.MapRazorPages();
                    app.Run();
                }
            }
            """;
        const string fixedApi = """
            using Microsoft.AspNetCore.Builder;

            namespace Clinic.Api;

            public static class ApiHost
            {
                public static void Main(string[] args)
                {
                    var app = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args).Build();
                    app.UseSecurityHeaders();
                    Microsoft.AspNetCore.Builder.HttpsPolicyBuilderExtensions.UseHttpsRedirection(app);
                    app.Run();
                }
            }
            """;
        var test = new VerifyCS.Test
        {
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic(Headers).WithLocation(1).WithMessage(HeadersMessage),
            },
        };
        test.TestState.Sources.Add(("SiteHost.cs", site));
        test.TestState.Sources.Add(("ApiHost.cs", api));
        test.FixedState.Sources.Add(("SiteHost.cs", fixedSite));
        test.FixedState.Sources.Add(("ApiHost.cs", fixedApi));
        await test.RunAsync();
    }

    private static string ProgramWithHttp(string pipeline) => "using System.Collections.Generic;\nusing Microsoft.AspNetCore.Http;\n" + Program("app.UseHsts();\napp.UseHttpsRedirection();\n" + pipeline);

    [Theory]
    [InlineData("""app.Use(async (context, next) => { context.Response.Headers["X-Content-Type-Options"] = "nosniff"; await next(); });""")]
    [InlineData("""app.Use((context, next) => { context.Response.Headers.Append("Content-Security-Policy", "default-src 'none'"); return next(context); });""")]
    [InlineData("""app.Use(async (context, next) => { context.Response.Headers.Add(Microsoft.Net.Http.Headers.HeaderNames.XContentTypeOptions, "nosniff"); await next(); });""")]
    [InlineData("""app.Use(async (context, next) => { context.Response.Headers.TryAdd(Microsoft.Net.Http.Headers.HeaderNames.ContentSecurityPolicy, "default-src 'none'"); await next(); });""")]
    [InlineData("""app.Use(async (context, next) => { context.Response.Headers.XContentTypeOptions = "nosniff"; await next(); });""")]
    [InlineData("""app.Use(async (context, next) => { var headers = context.Response.Headers; headers.ContentSecurityPolicy = "default-src 'none'"; await next(); });""")]
    [InlineData("""app.Use(async (context, next) => { context.Response.OnStarting(() => { context.Response.Headers["content-security-policy"] = "default-src 'none'"; return System.Threading.Tasks.Task.CompletedTask; }); await next(); });""")]
    public async Task InlineMiddlewareSettingASecurityHeader_CountsAsSecurityHeaders(string middleware)
    {
        await TopLevel(Unmarked(ProgramWithHttp(middleware))).RunAsync();
    }

    [Fact]
    public async Task MiddlewareClassesOfTheApplication_CountWhenRegistered()
    {
        // Registered directly, as an IMiddleware, and through the application's own extension method.
        var classes = """

            public sealed class HeadersMiddleware(RequestDelegate next)
            {
                public System.Threading.Tasks.Task InvokeAsync(HttpContext context)
                {
                    context.Response.Headers["X-Content-Type-Options"] = "nosniff";
                    return next(context);
                }
            }

            public sealed class CspMiddleware : IMiddleware
            {
                System.Threading.Tasks.Task IMiddleware.InvokeAsync(HttpContext context, RequestDelegate next)
                {
                    context.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
                    return next(context);
                }
            }

            public static class HeaderExtensions
            {
                public static IApplicationBuilder UseClinicHeaders(this IApplicationBuilder app) => app.UseMiddleware<HeadersMiddleware>();
            }
            """;
        await TopLevel(Unmarked(ProgramWithHttp("app.UseMiddleware<HeadersMiddleware>();")) + classes).RunAsync();
        await TopLevel(Unmarked(ProgramWithHttp("app.UseMiddleware(typeof(CspMiddleware));")) + classes).RunAsync();
        await TopLevel(Unmarked(ProgramWithHttp("app.UseClinicHeaders();")) + classes).RunAsync();
    }

    [Fact]
    public async Task NWebsecHeaderMiddleware_CountsByName()
    {
        var nwebsec = """

            namespace NWebsec.AspNetCore.Middleware
            {
                public static class NWebsecExtensions
                {
                    public static IApplicationBuilder UseXContentTypeOptions(this IApplicationBuilder app) => app;

                    public static IApplicationBuilder UseCsp(this IApplicationBuilder app) => app;
                }
            }
            """;
        await TopLevel("using NWebsec.AspNetCore.Middleware;\n" + Unmarked(ProgramWithHttp("app.UseXContentTypeOptions();")) + nwebsec).RunAsync();
        await TopLevel("using NWebsec.AspNetCore.Middleware;\n" + Unmarked(ProgramWithHttp("app.UseCsp();")) + nwebsec).RunAsync();
    }

    [Theory]
    [InlineData("""app.Use(async (context, next) => { context.Response.Headers["X-Request-Id"] = context.TraceIdentifier; await next(); });""")]
    [InlineData("""app.Use(async (context, next) => { context.Request.Headers["Content-Security-Policy"] = "default-src 'none'"; await next(); });""")]
    [InlineData("""app.Use(async (context, next) => { if (app.Environment.IsDevelopment()) { context.Response.Headers.XContentTypeOptions = "nosniff"; } await next(); });""")]
    [InlineData("""if (app.Environment.IsDevelopment()) { app.Use(async (context, next) => { context.Response.Headers.XContentTypeOptions = "nosniff"; await next(); }); }""")]
    public async Task InlineMiddlewareWithoutAProductionSecurityHeader_StillReports(string middleware)
    {
        await TopLevel(ProgramWithHttp(middleware), VerifyCS.Diagnostic(Headers).WithLocation(0).WithMessage(HeadersMessage)).RunAsync();
    }

    [Fact]
    public async Task HeaderMiddlewareThatIsNeverRegistered_StillReports()
    {
        await TopLevel(
            ProgramWithHttp("app.UseMiddleware<RequestIdMiddleware>();") + """

                public sealed class RequestIdMiddleware(RequestDelegate next)
                {
                    public System.Threading.Tasks.Task InvokeAsync(HttpContext context)
                    {
                        context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
                        return next(context);
                    }
                }

                public sealed class HeadersMiddleware(RequestDelegate next)
                {
                    public System.Threading.Tasks.Task InvokeAsync(HttpContext context)
                    {
                        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
                        return next(context);
                    }
                }
                """,
            VerifyCS.Diagnostic(Headers).WithLocation(0).WithMessage(HeadersMessage)).RunAsync();
    }

    [Fact]
    public async Task HeaderMiddlewareOnlyInABranchPipeline_StillReports()
    {
        // The headers reach /api responses only; the rest of the site (pages included) has none.
        await TopLevel(
            ProgramWithHttp("""
                app.UseWhen(
                    context => context.Request.Path.StartsWithSegments("/api"),
                    api => api.Use(async (context, next) => { context.Response.Headers.XContentTypeOptions = "nosniff"; await next(); }));
                """),
            VerifyCS.Diagnostic(Headers).WithLocation(0).WithMessage(HeadersMessage)).RunAsync();
    }

    private static string Unmarked(string source) => source.Replace("{|#0:", "").Replace("|}", "");
}
