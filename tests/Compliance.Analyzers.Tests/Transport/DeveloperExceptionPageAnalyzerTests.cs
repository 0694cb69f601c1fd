using Microsoft.CodeAnalysis;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Transport.DeveloperExceptionPageAnalyzer,
    Compliance.Analyzers.CodeFixes.Transport.DeveloperExceptionPageCodeFixProvider>;

namespace Compliance.Analyzers.Tests.Transport;

public sealed class DeveloperExceptionPageAnalyzerTests
{
    private static string Message(string call) => $"{call} runs outside a development-only branch, so stack traces, queries and the PHI in them reach whoever triggers an error; call it only under app.Environment.IsDevelopment()";

    /// <summary>Entity Framework Core's error pages, declared by metadata name as the package declares them.</summary>
    private const string EfCorePages = """

        namespace Microsoft.AspNetCore.Builder
        {
            public static class DatabaseErrorPageExtensions
            {
                public static IApplicationBuilder UseDatabaseErrorPage(this IApplicationBuilder app) => app;
            }

            public static class MigrationsEndPointExtensions
            {
                public static IApplicationBuilder UseMigrationsEndPoint(this IApplicationBuilder app) => app;
            }
        }
        """;

    private static VerifyCS.Test TopLevel(string source, params Compliance.Analyzers.Tests.Verifiers.DiagnosticResult[] expected)
    {
        var test = new VerifyCS.Test { TestCode = source, OutputKind = OutputKind.ConsoleApplication };
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    [Fact]
    public async Task UnconditionalErrorPages_AreReported()
    {
        await TopLevel(
            """
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.CreateBuilder(args).Build();
            {|#0:app.UseDeveloperExceptionPage()|};
            {|#1:app.UseDatabaseErrorPage()|};
            {|#2:app.UseMigrationsEndPoint()|};
            app.Run();
            """ + EfCorePages,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("UseDeveloperExceptionPage()"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("UseDatabaseErrorPage()"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("UseMigrationsEndPoint()")).RunAsync();
    }

    [Fact]
    public async Task DevelopmentOnlyShapes_AreNotReported()
    {
        await TopLevel("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Hosting;

            var app = WebApplication.CreateBuilder(args).Build();
            if (app.Environment.IsDevelopment())
            {
                app.UseDeveloperExceptionPage();
                app.UseMigrationsEndPoint();
            }
            else
            {
                app.UseExceptionHandler("/error");
            }

            if (app.Environment.IsEnvironment("Development"))
            {
                app.UseDatabaseErrorPage();
            }

            if (!app.Environment.IsDevelopment())
            {
                app.UseHsts();
            }
            else
            {
                app.UseDeveloperExceptionPage();
            }

            app.Run();
            """ + EfCorePages).RunAsync();
    }

    [Fact]
    public async Task StartupWithEnvironmentChecks_AndEarlyReturn_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.Hosting;

            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    if (env.IsDevelopment())
                    {
                        app.UseDeveloperExceptionPage();
                    }
                }
            }

            public static class Pipeline
            {
                public static void Use(WebApplication app)
                {
                    if (!app.Environment.IsDevelopment())
                    {
                        app.UseExceptionHandler("/error");
                        app.UseHsts();
                        return;
                    }

                    app.UseDeveloperExceptionPage();
                }
            }
            """);
    }

    [Fact]
    public async Task TrickyConditions_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Hosting;

            public static class Pipeline
            {
                public static void Use(WebApplication app, bool verbose)
                {
                    // Not an exit: the call below still runs in production.
                    if (!app.Environment.IsDevelopment())
                    {
                        app.UseHsts();
                    }

                    {|#0:app.UseDeveloperExceptionPage()|};

                    if (app.Environment.IsDevelopment() || verbose)
                    {
                        {|#1:app.UseDeveloperExceptionPage()|};
                    }

                    if (app.Environment.IsProduction())
                    {
                        return;
                    }

                    {|#2:app.UseDeveloperExceptionPage()|};
                }

                public static void Later(WebApplication app)
                {
                    if (!app.Environment.IsDevelopment())
                    {
                        // An exit from the lambda, not from the method.
                        Action configure = () => { return; };
                    }

                    {|#3:app.UseDeveloperExceptionPage()|};
                }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("UseDeveloperExceptionPage()"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("UseDeveloperExceptionPage()"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("UseDeveloperExceptionPage()"),
            VerifyCS.Diagnostic().WithLocation(3).WithArguments("UseDeveloperExceptionPage()"));
    }

    [Fact]
    public async Task WithoutAspNetCore_NothingIsRegistered()
    {
        await new VerifyCS.Test
        {
            ReferenceSet = Compliance.Analyzers.Tests.Verifiers.ReferenceSet.Net,
            TestCode = """
                public static class App
                {
                    public static void UseDeveloperExceptionPage() { }
                    public static void Run() => UseDeveloperExceptionPage();
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task Fix_WrapsTheCallInADevelopmentCheck_AddingTheUsing()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using Microsoft.AspNetCore.Builder;

                var app = WebApplication.CreateBuilder(args).Build();
                {|#0:app.UseDeveloperExceptionPage()|}; // the page the old template added
                app.MapGet("/", () => "ok");
                app.Run();
                """,
            OutputKind = OutputKind.ConsoleApplication,
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("UseDeveloperExceptionPage()") },
            FixedCode = """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.Hosting;

                var app = WebApplication.CreateBuilder(args).Build();
                if (app.Environment.IsDevelopment())
                {
                    app.UseDeveloperExceptionPage();
                } // the page the old template added
                app.MapGet("/", () => "ok");
                app.Run();
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task Fix_UsesTheStartupEnvironment_AndFixAllCoversTheDocument()
    {
        await VerifyCS.VerifyCodeFixAsync(
            """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.Hosting;

            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    {|#0:app.UseDeveloperExceptionPage()|};
                    app.UseRouting();
                    {|#1:app.UseMigrationsEndPoint()|};
                }
            }
            """ + EfCorePages,
            [
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("UseDeveloperExceptionPage()"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("UseMigrationsEndPoint()"),
            ],
            """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.Hosting;

            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    if (env.IsDevelopment())
                    {
                        app.UseDeveloperExceptionPage();
                    }
                    app.UseRouting();
                    if (env.IsDevelopment())
                    {
                        app.UseMigrationsEndPoint();
                    }
                }
            }
            """ + EfCorePages);
    }

    [Fact]
    public async Task Fix_IsNotOffered_WithoutAnEnvironmentOrInsideAnExpression()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;

            public static class Pipeline
            {
                public static void Use(IApplicationBuilder app)
                {
                    {|#0:app.UseDeveloperExceptionPage()|};
                }

                public static IApplicationBuilder Chain(WebApplication app) => {|#1:app.UseDeveloperExceptionPage()|}.UseRouting();
            }
            """;
        await new VerifyCS.Test
        {
            TestCode = source,
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("UseDeveloperExceptionPage()"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("UseDeveloperExceptionPage()"),
            },
            FixedState =
            {
                Sources = { source },
                ExpectedDiagnostics =
                {
                    VerifyCS.Diagnostic().WithLocation(0).WithArguments("UseDeveloperExceptionPage()"),
                    VerifyCS.Diagnostic().WithLocation(1).WithArguments("UseDeveloperExceptionPage()"),
                },
            },
            NumberOfIncrementalIterations = 0,
            NumberOfFixAllIterations = 0,
        }.RunAsync();
    }
}
