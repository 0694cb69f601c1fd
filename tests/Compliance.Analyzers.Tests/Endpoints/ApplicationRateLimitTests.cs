using Compliance.Analyzers.CodeFixes.Endpoints;
using Compliance.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Endpoints.EndpointRateLimitAnalyzer,
    Compliance.Analyzers.CodeFixes.Endpoints.GlobalRateLimiterCodeFixProvider>;

namespace Compliance.Analyzers.Tests.Endpoints;

/// <summary>CMP3002 as one fact: an application without any rate limiting gets one diagnostic on its Build() call.</summary>
public sealed class ApplicationRateLimitTests
{
    private const string NoLimit = "no [RateLimited], [EnableRateLimiting], RequireRateLimiting or global limiter applies";

    private const string Controller = """
        using Microsoft.AspNetCore.Mvc;

        [ApiController, Route("api/clinics")]
        public class ClinicsController : ControllerBase
        {
            [HttpGet]
            public IActionResult List() => Ok();
        }
        """;

    private static DiagnosticResult Application(string endpoints, string verb = "accept")
        => VerifyCS.Diagnostic(Compliance.Analyzers.Descriptors.ApplicationWithoutRateLimit).WithLocation(0).WithArguments(endpoints, verb);

    private static DiagnosticResult Endpoint(int location, string display)
        => VerifyCS.Diagnostic(Compliance.Analyzers.Descriptors.EndpointWithoutRateLimit).WithLocation(location).WithArguments(display, NoLimit);

    private static string Program(string services, string pipeline, bool mark = true) => $$"""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllers();
        {{services}}
        var app = {{(mark ? "{|#0:builder.Build()|}" : "builder.Build()")}};
        {{pipeline}}
        app.MapGet("/ping", () => "pong");
        app.MapControllers();
        app.Run();
        """;

    private static VerifyCS.Test Test(string[] sources, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new VerifyCS.Test { OutputKind = OutputKind.ConsoleApplication, EditorConfig = editorConfig };
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        test.TestState.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    [Fact]
    public async Task ApplicationWithoutAnyLimiting_IsReportedOnceOnBuild_NotPerEndpoint()
        => await Test(new[] { Program("", ""), Controller }, null, Application("2 endpoints")).RunAsync();

    [Fact]
    public async Task ApplicationThatRegistersALimiter_GetsPerEndpointDiagnostics_ForTheEndpointsLeftOut()
    {
        var program = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddRateLimiter(o => { });
            var app = builder.Build();
            app.UseRateLimiter();
            app.MapGet("/limited", () => "ok").RequireRateLimiting("fixed");
            app.{|#1:MapGet|}("/open", () => "ok");
            app.Run();
            """;

        await Test(new[] { program }, null, Endpoint(1, "'GET /open'")).RunAsync();
    }

    [Fact]
    public async Task ApplicationThatLimitsOnlyByAttribute_GetsPerEndpointDiagnostics_NotTheApplicationOne()
    {
        var limited = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.RateLimiting;

            [EnableRateLimiting("fixed"), Route("limited")]
            public class LimitedController : ControllerBase
            {
                [HttpGet]
                public IActionResult Get() => Ok();
            }
            """;
        var program = Program("", "", mark: false).Replace("app.MapGet(", "app.{|#1:MapGet|}(", StringComparison.Ordinal);

        await Test(new[] { program, limited }, null, Endpoint(1, "'GET /ping'")).RunAsync();
    }

    [Fact]
    public async Task ComplianceRuntimeRateLimiting_CountsAsRateLimiting()
    {
        var program = Program("builder.Services.AddCompliance().AddRateLimiting();", "app.UseCompliance();", mark: false)
            .Replace("app.MapGet(\"/ping\", () => \"pong\");", "app.MapGet(\"/ping\", () => \"pong\").RateLimited(Compliance.Runtime.RateLimitTier.Standard);", StringComparison.Ordinal);
        var controller = Controller.Replace("public IActionResult List", "[Compliance.Runtime.RateLimited] public IActionResult List", StringComparison.Ordinal);

        await Test(new[] { program, controller }, null).RunAsync();
    }

    [Fact]
    public async Task DevelopmentOnlyRegistration_DoesNotCount()
    {
        var services = """
            if (builder.Environment.IsDevelopment())
            {
                builder.Services.AddRateLimiter(o => { });
            }
            """;
        var pipeline = """
            if (app.Environment.IsDevelopment())
            {
                app.UseRateLimiter();
            }
            """;
        var program = "using Microsoft.Extensions.Hosting;\n" + Program(services, pipeline);

        await Test(new[] { program, Controller }, null, Application("2 endpoints")).RunAsync();
    }

    [Fact]
    public async Task AspNetCoreRateLimitMiddleware_IsRecognisedWithoutConfiguration()
    {
        var package = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            namespace AspNetCoreRateLimit
            {
                public static class IApplicationBuilderExtensions
                {
                    public static IApplicationBuilder UseIpRateLimiting(this IApplicationBuilder builder) => builder;
                }

                public static class StartupExtensions
                {
                    public static IServiceCollection AddInMemoryRateLimiting(this IServiceCollection services) => services;
                }
            }
            """;
        var program = "using AspNetCoreRateLimit;\n" + Program("builder.Services.AddInMemoryRateLimiting();", "app.UseIpRateLimiting();", mark: false);

        await Test(new[] { program, Controller, package }, null).RunAsync();
    }

    [Theory]
    [InlineData("UseThrottling")]
    [InlineData("ThrottlingExtensions.UseThrottling")]
    [InlineData("Clinic.ThrottlingExtensions.UseThrottling")]
    public async Task ConfiguredMiddleware_CountsAsRateLimiting(string equivalent)
    {
        var middleware = """
            using Microsoft.AspNetCore.Builder;

            namespace Clinic
            {
                public static class ThrottlingExtensions
                {
                    public static IApplicationBuilder UseThrottling(this IApplicationBuilder app) => app;
                }
            }
            """;
        var program = "using Clinic;\n" + Program("", "app.UseThrottling();", mark: false);

        await Test(new[] { program, Controller, middleware }, "compliance.endpoints.rate_limit_equivalents = " + equivalent).RunAsync();
    }

    [Fact]
    public async Task UnconfiguredOrMismatchedMiddleware_DoesNotCount()
    {
        var middleware = """
            using Microsoft.AspNetCore.Builder;

            namespace Clinic
            {
                public static class ThrottlingExtensions
                {
                    public static IApplicationBuilder UseThrottling(this IApplicationBuilder app) => app;
                }
            }
            """;
        var program = "using Clinic;\n" + Program("", "app.UseThrottling();");

        await Test(new[] { program, Controller, middleware }, "compliance.endpoints.rate_limit_equivalents = OtherExtensions.UseThrottling", Application("2 endpoints")).RunAsync();
    }

    [Fact]
    public async Task LibraryWithoutAnyLimiting_ReportsNothing_TheHostDecides()
    {
        var endpoints = """
            using Microsoft.AspNetCore.Builder;

            public static class ClinicEndpoints
            {
                public static void Map(WebApplication app) => app.MapGet("/clinics", () => "ok");
            }
            """;

        await new VerifyCS.Test { TestState = { Sources = { endpoints, Controller } } }.RunAsync();
    }

    [Fact]
    public async Task GeneratedEndpoints_AreNotCounted_ButTheApplicationIsStillReported()
    {
        var generated = "// <auto-generated/>\n" + Controller;
        var program = Program("", "").Replace("app.MapGet(\"/ping\", () => \"pong\");\n", "", StringComparison.Ordinal);

        await Test(new[] { program, generated }, null, Application("its endpoints")).RunAsync();
    }

    [Fact]
    public async Task SingleEndpoint_UsesTheSingular()
    {
        var program = Program("", "").Replace("app.MapControllers();\n", "", StringComparison.Ordinal);

        await Test(new[] { program }, null, Application("1 endpoint", "accepts")).RunAsync();
    }

    [Fact]
    public async Task Fix_TopLevelProgram_AddsAGlobalLimiterAndTheMiddleware()
    {
        var program = Program("", "app.UseRouting();\napp.UseAuthentication();\napp.UseAuthorization();");
        var fixedProgram = """
            using System;
            using System.Threading.RateLimiting;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers();
            builder.Services.AddRateLimiter(options =>
            {
                options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = 100, Window = TimeSpan.FromMinutes(1) }));
            });

            var app = builder.Build();
            app.UseRouting();
            app.UseAuthentication();
            app.UseRateLimiter();
            app.UseAuthorization();
            app.MapGet("/ping", () => "pong");
            app.MapControllers();
            app.Run();
            """;

        await new VerifyCS.Test
        {
            OutputKind = OutputKind.ConsoleApplication,
            TestState = { Sources = { program, Controller }, ExpectedDiagnostics = { Application("2 endpoints") } },
            FixedState = { Sources = { fixedProgram, Controller } },
            CodeActionEquivalenceKey = GlobalRateLimiterCodeFixProvider.AddGlobalLimiterKey,
        }.RunAsync();
    }

    [Fact]
    public async Task Fix_MainMethodProgram_PlacesUseRateLimiterBeforeTheEndpoints()
    {
        var program = """
            using Microsoft.AspNetCore.Builder;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    var app = {|#0:builder.Build()|};
                    app.UseHttpsRedirection();
                    app.MapControllers();
                    app.Run();
                }
            }
            """;
        var fixedProgram = """
            using System;
            using System.Threading.RateLimiting;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddRateLimiter(options =>
                    {
                        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                            RateLimitPartition.GetFixedWindowLimiter(
                                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                                _ => new FixedWindowRateLimiterOptions { PermitLimit = 100, Window = TimeSpan.FromMinutes(1) }));
                    });
                    var app = builder.Build();
                    app.UseHttpsRedirection();
                    app.UseRateLimiter();
                    app.MapControllers();
                    app.Run();
                }
            }
            """;

        await new VerifyCS.Test
        {
            OutputKind = OutputKind.ConsoleApplication,
            TestState = { Sources = { program, Controller }, ExpectedDiagnostics = { Application("1 endpoint", "accepts") } },
            FixedState = { Sources = { fixedProgram, Controller } },
            CodeActionEquivalenceKey = GlobalRateLimiterCodeFixProvider.AddGlobalLimiterKey,
        }.RunAsync();
    }
}
