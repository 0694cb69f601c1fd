using Compliance.Analyzers.Tests.Verifiers;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Sessions.SessionTimeoutAnalyzer,
    Compliance.Analyzers.CodeFixes.Sessions.SessionTimeoutCodeFixProvider>;

namespace Compliance.Analyzers.Tests.Sessions;

public sealed class SessionTimeoutAnalyzerTests
{
    private static string Setup(string body) => $$"""
        using System;
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Authentication.Cookies;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public static class Setup
        {
            public static void ConfigureServices(IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
            {
        {{body}}
            }
        }
        """;

    [Fact]
    public async Task SessionIdleTimeout_OverPolicy_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Setup("""        services.AddSession(o => {|#0:o.IdleTimeout = TimeSpan.FromMinutes(30)|});"""),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("The session idle timeout of 30 minutes is longer than the automatic-logoff policy of 15 minutes"));
    }

    [Fact]
    public async Task ConstantFolding_CoversTheTimeSpanShapes()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Setup("""
                    services.AddSession(o => {|#0:o.IdleTimeout = TimeSpan.FromHours(1)|});
                    services.AddSession(o => {|#1:o.IdleTimeout = new TimeSpan(0, 20, 0)|});
                    services.AddSession(o => {|#2:o.IdleTimeout = TimeSpan.FromSeconds(3600)|});
                    services.AddSession(o => o.IdleTimeout = TimeSpan.FromMinutes(15));
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("The session idle timeout of 60 minutes is longer than the automatic-logoff policy of 15 minutes"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("The session idle timeout of 20 minutes is longer than the automatic-logoff policy of 15 minutes"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("The session idle timeout of 60 minutes is longer than the automatic-logoff policy of 15 minutes"));
    }

    [Fact]
    public async Task SlidingCookieExpiration_IsAnIdleTimeout()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Setup("""        services.AddAuthentication().AddCookie(o => {|#0:o.ExpireTimeSpan = TimeSpan.FromHours(2)|});"""),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("With sliding expiration the authentication cookie's 2 hours is an idle timeout, longer than the automatic-logoff policy of 15 minutes"));
    }

    [Fact]
    public async Task AbsoluteCookieExpiration_IsJudgedAgainstTheAbsoluteLimit()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Setup("""
                    services.AddAuthentication().AddCookie(o =>
                    {
                        o.SlidingExpiration = false;
                        o.ExpireTimeSpan = TimeSpan.FromHours(8);
                    });
                    services.AddAuthentication().AddCookie("long", o =>
                    {
                        o.SlidingExpiration = false;
                        {|#0:o.ExpireTimeSpan = TimeSpan.FromDays(14)|};
                    });
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("The authentication cookie lives 14 days, longer than the absolute session limit of 720 minutes"));
    }

    [Fact]
    public async Task NonConstantAndDevelopmentValues_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Setup("""
                    services.AddSession(o => o.IdleTimeout = TimeSpan.FromMinutes(configuration.GetValue<int>("Session:IdleMinutes")));
                    services.AddSession(o =>
                    {
                        if (environment.IsDevelopment())
                        {
                            o.IdleTimeout = TimeSpan.FromHours(8);
                        }
                    });
            """));
    }

    [Fact]
    public async Task PersistentSignIns_AreReported_InPhiApplications()
    {
        var source = Setup("""        var properties = new AuthenticationProperties { {|#0:IsPersistent = true|} };""");
        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("A persistent sign-in survives closing the browser, so an unattended shared workstation stays signed in; use session cookies for PHI applications"));
        await new VerifyCS.Test { ReferenceSet = ReferenceSet.AspNetCore, TestCode = source.Replace("{|#0:", "").Replace("|}", "") }.RunAsync();
    }

    [Fact]
    public async Task PolicyMaximums_AreConfigurable()
    {
        await new VerifyCS.Test
        {
            TestCode = Setup("""
                    services.AddSession(o => o.IdleTimeout = TimeSpan.FromMinutes(30));
                    services.AddSession(o => {|#0:o.IdleTimeout = TimeSpan.FromMinutes(45)|});
            """),
            EditorConfig = "compliance.sessions.max_idle_minutes = 30",
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("The session idle timeout of 45 minutes is longer than the automatic-logoff policy of 30 minutes") },
        }.RunAsync();
    }

    [Fact]
    public async Task TopLevelProgram_IsAnalyzed()
    {
        await new VerifyCS.Test
        {
            TestCode = """
                using System;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddSession(o => {|#0:o.IdleTimeout = TimeSpan.FromMinutes(60)|});
                builder.Build().Run();
                """,
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("The session idle timeout of 60 minutes is longer than the automatic-logoff policy of 15 minutes") },
        }.RunAsync();
    }

    [Fact]
    public async Task Fix_SetsThePolicyValue_AndFixAllCoversTheDocument()
    {
        await VerifyCS.VerifyCodeFixAsync(
            Setup("""
                    services.AddSession(o => {|#0:o.IdleTimeout = TimeSpan.FromMinutes(30)|});
                    services.AddAuthentication().AddCookie(o => {|#1:o.ExpireTimeSpan = TimeSpan.FromHours(2)|});
                    var properties = new AuthenticationProperties { {|#2:IsPersistent = true|} };
            """),
            [
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("The session idle timeout of 30 minutes is longer than the automatic-logoff policy of 15 minutes"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("With sliding expiration the authentication cookie's 2 hours is an idle timeout, longer than the automatic-logoff policy of 15 minutes"),
                VerifyCS.Diagnostic().WithLocation(2).WithArguments("A persistent sign-in survives closing the browser, so an unattended shared workstation stays signed in; use session cookies for PHI applications"),
            ],
            Setup("""
                    services.AddSession(o => o.IdleTimeout = TimeSpan.FromMinutes(15));
                    services.AddAuthentication().AddCookie(o => o.ExpireTimeSpan = TimeSpan.FromMinutes(15));
                    var properties = new AuthenticationProperties { IsPersistent = false };
            """));
    }

    [Fact]
    public async Task StartupClass_ConfigureServices_IsAnalyzed()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            """
            using System;
            using Microsoft.Extensions.DependencyInjection;

            public class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                    => services.AddSession(o => {|#0:o.IdleTimeout = new TimeSpan(1, 0, 0, 0)|});
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("The session idle timeout of 24 hours is longer than the automatic-logoff policy of 15 minutes"));
    }

    [Fact]
    public async Task ConditionalProductionValue_IsJudgedOnItsConstant()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Setup("""
                    services.AddSession(o =>
                    {
                        if (!environment.IsDevelopment())
                        {
                            {|#0:o.IdleTimeout = TimeSpan.FromMinutes(20)|};
                        }
                    });
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("The session idle timeout of 20 minutes is longer than the automatic-logoff policy of 15 minutes"));
    }
}
