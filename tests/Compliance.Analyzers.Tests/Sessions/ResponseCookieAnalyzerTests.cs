using Compliance.Analyzers.Sessions;
using Compliance.Analyzers.Tests.Verifiers;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Sessions.ResponseCookieAnalyzer,
    Compliance.Analyzers.CodeFixes.Sessions.ResponseCookieCodeFixProvider>;

namespace Compliance.Analyzers.Tests.Sessions;

public sealed class ResponseCookieAnalyzerTests
{
    private const string HttpOnly = "CMP4001";
    private const string Secure = "CMP4002";
    private const string SameSite = "CMP4003";

    private static string Controller(string body, string members = "") => $$"""
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public class CookieController : ControllerBase
        {
            public void Write(string value, bool flag)
            {
        {{body}}
            }
        {{members}}
        }
        """;

    [Fact]
    public async Task Append_WithoutOptions_ReportsAllThreeRules()
    {
        var source = Controller("""
                    {|#0:Response.Cookies.Append("session", value)|};
            """);

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic(HttpOnly).WithLocation(0).WithArguments("session", "no CookieOptions are passed and the default is HttpOnly = false"),
            VerifyCS.Diagnostic(Secure).WithLocation(0).WithArguments("session", "no CookieOptions are passed and the default is Secure = false"),
            VerifyCS.Diagnostic(SameSite).WithLocation(0).WithArguments("session", "no CookieOptions (the default is SameSite=Unspecified, which leaves the decision to the browser)", "Lax"));
    }

    [Fact]
    public async Task Append_WithSecureInlineOptions_ReportsNothing()
    {
        await VerifyCS.VerifyAnalyzerAsync(Controller("""
                    Response.Cookies.Append("session", value, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict });
                    Response.Cookies.Append("prefs", value, new() { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax });
            """));
    }

    [Fact]
    public async Task InlineOptions_WithoutSecure_ReportsOnlySecure()
    {
        var source = Controller("""
                    Response.Cookies.Append("session", value, {|#0:new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict }|});
            """);

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic(Secure).WithLocation(0).WithArguments("session", "Secure is never set and CookieOptions defaults to false"));
    }

    [Fact]
    public async Task LocalOptions_WeakenedByLaterAssignment_IsReported()
    {
        var source = Controller("""
                    var options = new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict };
                    options.SameSite = SameSiteMode.None;
                    options.HttpOnly = false;
                    Response.Cookies.Append("session", value, {|#0:options|});
            """);

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic(HttpOnly).WithLocation(0).WithArguments("session", "HttpOnly is set to false"),
            VerifyCS.Diagnostic(SameSite).WithLocation(0).WithArguments("session", "SameSite=None", "Lax"));
    }

    [Fact]
    public async Task LocalOptions_SetSafelyOnEveryBranch_ReportsNothing()
    {
        await VerifyCS.VerifyAnalyzerAsync(Controller("""
                    var options = new CookieOptions();
                    if (flag)
                    {
                        options.HttpOnly = true;
                        options.Secure = true;
                        options.SameSite = SameSiteMode.Strict;
                    }
                    else
                    {
                        options = new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax };
                    }

                    switch (value)
                    {
                        case "a":
                            options.Secure = true;
                            break;
                        default:
                            options.Secure = true;
                            break;
                    }

                    Response.Cookies.Append("session", value, options);
            """));
    }

    [Fact]
    public async Task LocalOptions_SetOnlyOnSomePaths_IsReported()
    {
        var source = Controller("""
                    var options = new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict };
                    if (flag)
                    {
                        options.Secure = true;
                    }

                    Response.Cookies.Append("session", value, {|#0:options|});
            """);

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic(Secure).WithLocation(0).WithArguments("session", "Secure is not set to true on every path"));
    }

    [Fact]
    public async Task NonConstantSecure_IsReported()
    {
        var source = Controller("""
                    Response.Cookies.Append("session", value, {|#0:new CookieOptions { HttpOnly = true, Secure = Request.IsHttps, SameSite = SameSiteMode.Strict }|});
            """);

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic(Secure).WithLocation(0).WithArguments("session", "Secure is set from a value that is not the constant true"));
    }

    [Fact]
    public async Task EarlyReturnBeforeAssignment_DoesNotHideTheUnsafePath()
    {
        await VerifyCS.VerifyAnalyzerAsync(Controller("""
                    var options = new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict };
                    if (flag)
                    {
                        return;
                    }

                    options.Secure = true;
                    Response.Cookies.Append("session", value, options);
            """));
    }

    [Fact]
    public async Task OptionsFromHelperMethodAndReadOnlyField_AreFollowed()
    {
        var source = Controller(
            """
                    Response.Cookies.Append("a", value, SecureOptions());
                    Response.Cookies.Append("b", value, Shared);
                    Response.Cookies.Append("c", value, new CookieOptions(Shared));
                    Response.Cookies.Append("d", value, {|#0:LaxOptions()|});
            """,
            """
                private static readonly CookieOptions Shared = new() { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict };

                private static CookieOptions SecureOptions()
                {
                    var options = new CookieOptions { HttpOnly = true };
                    options.Secure = true;
                    options.SameSite = SameSiteMode.Strict;
                    return options;
                }

                private static CookieOptions LaxOptions() => new() { HttpOnly = true, SameSite = SameSiteMode.Strict };
            """);

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic(Secure).WithLocation(0).WithArguments("d", "Secure is never set and CookieOptions defaults to false"));
    }

    [Fact]
    public async Task OptionsOfUnknownOrigin_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Controller(
            """
                    Response.Cookies.Append("a", value, Provided);
                    var options = new CookieOptions();
                    Configure(options);
                    Response.Cookies.Append("b", value, options);
                    var captured = new CookieOptions();
                    System.Action secure = () => captured.Secure = true;
                    Response.Cookies.Append("c", value, captured);
            """,
            """
                public CookieOptions Provided { get; set; } = new();

                private static void Configure(CookieOptions options) => options.Secure = true;
            """));
    }

    [Fact]
    public async Task ConditionalExpression_JoinsBothBranches()
    {
        var source = Controller("""
                    var secure = new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict };
                    var weak = new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.None };
                    Response.Cookies.Append("session", value, {|#0:flag ? secure : weak|});
            """);

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic(SameSite).WithLocation(0).WithArguments("session", "SameSite=None", "Lax"));
    }

    [Fact]
    public async Task DevelopmentOnlyWeakening_IsNotReported()
    {
        var source = """
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Hosting;

            public class CookieWriter(IWebHostEnvironment environment)
            {
                public void Write(HttpResponse response, string value)
                {
                    var options = new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict };
                    if (environment.IsDevelopment())
                    {
                        options.Secure = false;
                    }

                    response.Cookies.Append("session", value, options);
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task GlobalCookiePolicy_ForcingEverySetting_SuppressesReports()
    {
        var policy = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.CookiePolicy;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void ConfigureServices(IServiceCollection services)
                    => services.Configure<CookiePolicyOptions>(options =>
                    {
                        options.Secure = CookieSecurePolicy.Always;
                        options.HttpOnly = HttpOnlyPolicy.Always;
                        options.MinimumSameSitePolicy = SameSiteMode.Strict;
                    });

                public static void Configure(IApplicationBuilder app) => app.UseCookiePolicy();
            }
            """;

        await new VerifyCS.Test
        {
            TestState = { Sources = { Controller("""Response.Cookies.Append("session", value);"""), policy } },
        }.RunAsync();
    }

    [Fact]
    public async Task GlobalCookiePolicy_WithoutUseCookiePolicy_DoesNotSuppress()
    {
        var policy = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void ConfigureServices(IServiceCollection services)
                    => services.Configure<CookiePolicyOptions>(options => options.Secure = CookieSecurePolicy.Always);
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { Controller("""Response.Cookies.Append("session", value, {|#0:new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax }|});"""), policy },
                ExpectedDiagnostics = { VerifyCS.Diagnostic(Secure).WithLocation(0).WithArguments("session", "Secure is never set and CookieOptions defaults to false") },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task GlobalCookiePolicy_PartialPolicy_SuppressesOnlyWhatItForces()
    {
        var policy = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Startup
            {
                public static void Configure(IApplicationBuilder app)
                    => app.UseCookiePolicy(new CookiePolicyOptions { Secure = CookieSecurePolicy.Always });
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { Controller("""Response.Cookies.Append("session", value, {|#0:new CookieOptions { SameSite = SameSiteMode.Lax }|});"""), policy },
                ExpectedDiagnostics = { VerifyCS.Diagnostic(HttpOnly).WithLocation(0).WithArguments("session", "HttpOnly is never set and CookieOptions defaults to false") },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task MinimumSameSiteStrict_ReportsLax()
    {
        await new VerifyCS.Test
        {
            TestCode = Controller("""Response.Cookies.Append("session", value, {|#0:new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax }|});"""),
            EditorConfig = "compliance.sessions.minimum_same_site = strict",
            ExpectedDiagnostics = { VerifyCS.Diagnostic(SameSite).WithLocation(0).WithArguments("session", "SameSite=Lax", "Strict") },
        }.RunAsync();
    }

    [Fact]
    public async Task PerRuleOption_WinsOverFamilyOption_AndInvalidValueFallsBackToDefault()
    {
        var source = Controller("""Response.Cookies.Append("session", value, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax });""");
        await new VerifyCS.Test
        {
            TestCode = source,
            EditorConfig = "compliance.sessions.minimum_same_site = strict\ndotnet_diagnostic.CMP4003.minimum_same_site = lax",
        }.RunAsync();
        await new VerifyCS.Test
        {
            TestCode = source,
            EditorConfig = "compliance.sessions.minimum_same_site = sometimes",
        }.RunAsync();
    }

    [Fact]
    public async Task Delete_IsReportedOnlyForExplicitWeakening()
    {
        var source = Controller("""
                    Response.Cookies.Delete("a");
                    Response.Cookies.Delete("b", new CookieOptions { Path = "/" });
                    Response.Cookies.Delete("c", {|#0:new CookieOptions { Secure = false }|});
            """);

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic(Secure).WithLocation(0).WithArguments("c", "Secure is set to false"));
    }

    [Fact]
    public async Task MinimalApiLambda_IsAnalyzed()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                    => app.MapPost("/login", (HttpContext context) =>
                    {
                        var options = new CookieOptions { Secure = true, SameSite = SameSiteMode.Strict };
                        context.Response.Cookies.Append("session", "x", {|#0:options|});
                    });
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic(HttpOnly).WithLocation(0).WithArguments("session", "HttpOnly is never set and CookieOptions defaults to false"));
    }

    [Fact]
    public async Task PragmaWithJustification_SuppressesOneRule()
    {
        var source = Controller("""
            #pragma warning disable CMP4001 // The front end reads this preference cookie.
                    Response.Cookies.Append("theme", value, new CookieOptions { Secure = true, SameSite = SameSiteMode.Strict });
            #pragma warning restore CMP4001
            """);

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task HalfTypedCode_DoesNotCrash()
    {
        await new VerifyCS.Test
        {
            TestCode = Controller("""
                        var options = new CookieOptions { Secure = 
                        Response.Cookies.Append("session", value, options
                """),
            CompilerDiagnostics = CompilerDiagnostics.None,
            TestBehaviors = TestBehaviors.SkipSuppressionCheck | TestBehaviors.SkipGeneratedCodeCheck,
        }.RunAsync();
    }

    [Fact]
    public async Task OnAppendCookieCallback_SettingEveryFlag_IsTheApplicationPolicy()
    {
        var policy = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void ConfigureServices(IServiceCollection services)
                    => services.Configure<CookiePolicyOptions>(options =>
                    {
                        options.OnAppendCookie = ctx =>
                        {
                            ctx.CookieOptions.Secure = true;
                            ctx.CookieOptions.HttpOnly = true;
                            ctx.CookieOptions.SameSite = SameSiteMode.Strict;
                        };
                    });

                public static void Configure(IApplicationBuilder app) => app.UseCookiePolicy();
            }
            """;

        await new VerifyCS.Test
        {
            TestState = { Sources = { Controller("""Response.Cookies.Append("session", value);"""), policy } },
        }.RunAsync();
    }

    [Fact]
    public async Task OnAppendCookieCallback_ConditionalOrWithoutUseCookiePolicy_ForcesOnlyWhatItAlwaysSets()
    {
        var policy = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Startup
            {
                public static void Configure(IApplicationBuilder app)
                    => app.UseCookiePolicy(new CookiePolicyOptions
                    {
                        OnAppendCookie = ctx =>
                        {
                            ctx.CookieOptions.Secure = true;
                            if (ctx.CookieName == "session")
                            {
                                ctx.CookieOptions.HttpOnly = true;
                            }
                        },
                    });
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { Controller("""Response.Cookies.Append("session", value, {|#0:new CookieOptions { SameSite = SameSiteMode.Strict }|});"""), policy },
                ExpectedDiagnostics = { VerifyCS.Diagnostic(HttpOnly).WithLocation(0).WithArguments("session", "HttpOnly is never set and CookieOptions defaults to false") },
            },
        }.RunAsync();

        var unused = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void ConfigureServices(IServiceCollection services)
                    => services.Configure<CookiePolicyOptions>(options => options.OnAppendCookie = ctx => ctx.CookieOptions.Secure = true);
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { Controller("""Response.Cookies.Append("session", value, {|#0:new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict }|});"""), unused },
                ExpectedDiagnostics = { VerifyCS.Diagnostic(Secure).WithLocation(0).WithArguments("session", "Secure is never set and CookieOptions defaults to false") },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task LocalsHoldingConstantTrue_AreConstantTrue()
    {
        var source = Controller("""
                    bool secure = true;
                    const bool httpOnly = true;
                    var sameSite = flag ? SameSiteMode.Strict : SameSiteMode.Strict;
                    var options = new CookieOptions { HttpOnly = httpOnly, SameSite = sameSite };
                    options.Secure = secure;
                    Response.Cookies.Append("session", value, options);
                    var alwaysSecure = flag ? true : true;
                    Response.Cookies.Append("theme", value, new CookieOptions { HttpOnly = true, Secure = alwaysSecure, SameSite = SameSiteMode.Strict });
            """);

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task LocalsReassignedOrMixed_AreNotConstantTrue()
    {
        var source = Controller("""
                    bool secure = true;
                    if (flag)
                    {
                        secure = Request.IsHttps;
                    }

                    var httpOnly = flag ? true : false;
                    Response.Cookies.Append("session", value, {|#0:new CookieOptions { HttpOnly = httpOnly, Secure = secure, SameSite = SameSiteMode.Strict }|});
            """);

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic(HttpOnly).WithLocation(0).WithArguments("session", "HttpOnly is set to false"),
            VerifyCS.Diagnostic(Secure).WithLocation(0).WithArguments("session", "Secure is set from a value that is not the constant true"));
    }
}
