using Compliance.Analyzers.CodeFixes.Sessions;
using Compliance.Analyzers.Tests.Verifiers;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Sessions.CookieBuilderAnalyzer,
    Compliance.Analyzers.CodeFixes.Sessions.CookieBuilderCodeFixProvider>;

namespace Compliance.Analyzers.Tests.Sessions;

public sealed class CookieBuilderAnalyzerTests
{
    private static string Services(string body) => $$"""
        using Microsoft.AspNetCore.Antiforgery;
        using Microsoft.AspNetCore.Authentication.Cookies;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public static class Setup
        {
            public static void ConfigureServices(IServiceCollection services, IWebHostEnvironment environment, bool flag)
            {
        {{body}}
            }
        }
        """;

    [Fact]
    public async Task AuthenticationCookie_SameAsRequest_IsReported()
    {
        var source = Services("""
                    services.AddAuthentication().AddCookie(options =>
                    {
                        {|#0:options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest|};
                    });
            """);

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("authentication", "SecurePolicy = CookieSecurePolicy.SameAsRequest, so it is sent over plain HTTP whenever the request was"));
    }

    [Fact]
    public async Task SessionAndAntiforgeryCookies_AreReported()
    {
        var source = Services("""
                    services.AddSession(options => {|#0:options.Cookie.HttpOnly = false|});
                    services.AddAntiforgery(options =>
                    {
                        {|#1:options.Cookie.SameSite = SameSiteMode.None|};
                        {|#2:options.Cookie.SecurePolicy = CookieSecurePolicy.None|};
                    });
            """);

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("session", "HttpOnly = false, so script in the page can read it"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("antiforgery", "SameSite = SameSiteMode.None, so cross-site requests carry it"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("antiforgery", "SecurePolicy = CookieSecurePolicy.None, so it is sent over plain HTTP"));
    }

    [Fact]
    public async Task SecureSettings_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Services("""
                    services.AddAuthentication().AddCookie(options =>
                    {
                        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                        options.Cookie.HttpOnly = true;
                        options.Cookie.SameSite = SameSiteMode.Lax;
                    });
                    services.AddSession(options => options.Cookie.SameSite = SameSiteMode.Strict);
            """));
    }

    [Fact]
    public async Task ConfigureOfOptions_AndObjectInitializers_AreReported()
    {
        var source = Services("""
                    services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, options => {|#0:options.Cookie.HttpOnly = false|});
                    var antiforgery = new AntiforgeryOptions { Cookie = { {|#1:SecurePolicy = CookieSecurePolicy.SameAsRequest|} } };
            """);

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("authentication", "HttpOnly = false, so script in the page can read it"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("antiforgery", "SecurePolicy = CookieSecurePolicy.SameAsRequest, so it is sent over plain HTTP whenever the request was"));
    }

    [Fact]
    public async Task DevelopmentOnlyBranch_IsNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Services("""
                    services.AddAuthentication().AddCookie(options =>
                    {
                        if (environment.IsDevelopment())
                        {
                            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                        }
                        else
                        {
                            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                        }
                    });
            """));
    }

    [Fact]
    public async Task NonConstantValues_AndUnrelatedBuilders_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Services("""
                    services.AddSession(options => options.Cookie.HttpOnly = flag);
                    var standalone = new CookieBuilder { HttpOnly = false, SameSite = SameSiteMode.None };
            """));
    }

    [Fact]
    public async Task GlobalCookiePolicy_ForcingSecure_SuppressesSecurePolicyOnly()
    {
        var source = Services("""
                    services.AddCookiePolicy(policy => policy.Secure = CookieSecurePolicy.Always);
                    services.AddAuthentication().AddCookie(options =>
                    {
                        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                        {|#0:options.Cookie.HttpOnly = false|};
                    });
            """);
        var pipeline = """
            using Microsoft.AspNetCore.Builder;

            public static class Pipeline
            {
                public static void Configure(IApplicationBuilder app) => app.UseCookiePolicy();
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source, pipeline },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("authentication", "HttpOnly = false, so script in the page can read it") },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task TopLevelProgram_IsAnalyzed()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSession(options => {|#0:options.Cookie.SecurePolicy = CookieSecurePolicy.None|});
            var app = builder.Build();
            app.Run();
            """;

        await new VerifyCS.Test
        {
            TestCode = source,
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("session", "SecurePolicy = CookieSecurePolicy.None, so it is sent over plain HTTP") },
        }.RunAsync();
    }

    [Fact]
    public async Task Fix_UsesSecureValues_AndFixAllCoversTheDocument()
    {
        var source = Services("""
                    services.AddAuthentication().AddCookie(options =>
                    {
                        {|#0:options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest|};
                        {|#1:options.Cookie.HttpOnly = false|};
                        {|#2:options.Cookie.SameSite = SameSiteMode.None|};
                    });
            """);
        var fixedSource = Services("""
                    services.AddAuthentication().AddCookie(options =>
                    {
                        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                        options.Cookie.HttpOnly = true;
                        options.Cookie.SameSite = SameSiteMode.Lax;
                    });
            """);

        await new VerifyCS.Test
        {
            TestCode = source,
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("authentication", "SecurePolicy = CookieSecurePolicy.SameAsRequest, so it is sent over plain HTTP whenever the request was"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("authentication", "HttpOnly = false, so script in the page can read it"),
                VerifyCS.Diagnostic().WithLocation(2).WithArguments("authentication", "SameSite = SameSiteMode.None, so cross-site requests carry it"),
            },
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = CookieBuilderCodeFixProvider.SecureSettingKey,
        }.RunAsync();
    }

    [Fact]
    public async Task Fix_SameSite_FollowsConfiguredMinimum()
    {
        await new VerifyCS.Test
        {
            TestCode = Services("""        services.AddSession(options => {|#0:options.Cookie.SameSite = SameSiteMode.None|});"""),
            EditorConfig = "compliance.sessions.minimum_same_site = strict",
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("session", "SameSite = SameSiteMode.None, so cross-site requests carry it") },
            FixedCode = Services("""        services.AddSession(options => options.Cookie.SameSite = SameSiteMode.Strict);"""),
        }.RunAsync();
    }

    [Fact]
    public async Task OnAppendCookieCallback_ForcingSecure_SuppressesSecurePolicyOnly()
    {
        var source = Services("""
                    services.AddCookiePolicy(policy => policy.OnAppendCookie = context => context.CookieOptions.Secure = true);
                    services.AddAuthentication().AddCookie(options =>
                    {
                        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                        {|#0:options.Cookie.SameSite = SameSiteMode.None|};
                    });
            """);
        var pipeline = """
            using Microsoft.AspNetCore.Builder;

            public static class Pipeline
            {
                public static void Configure(IApplicationBuilder app) => app.UseCookiePolicy();
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { source, pipeline },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("authentication", "SameSite = SameSiteMode.None, so cross-site requests carry it") },
            },
        }.RunAsync();
    }
}
