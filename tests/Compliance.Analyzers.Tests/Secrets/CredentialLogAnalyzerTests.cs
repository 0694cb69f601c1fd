using Compliance.Analyzers.CodeFixes.Secrets;
using Compliance.Analyzers.Tests.Verifiers;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Secrets.CredentialLogAnalyzer,
    Compliance.Analyzers.CodeFixes.Secrets.CredentialLogCodeFixProvider>;

namespace Compliance.Analyzers.Tests.Secrets;

public sealed class CredentialLogAnalyzerTests
{
    private static string Service(string body) => $$"""
        using System;
        using System.Diagnostics;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        public class LoginService(ILogger<LoginService> logger)
        {
            public string ApiKey { get; set; } = "";

            public void SignIn(string userName, string password, HttpRequest request, string token)
            {
        {{body}}
            }
        }
        """;

    private static string WithRuntimeUsing(string source)
        => source.Replace("using System.Diagnostics;\n", "using System.Diagnostics;\nusing Compliance.Runtime;\n", StringComparison.Ordinal);

    [Fact]
    public async Task StructuredArgument_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Service("""        logger.LogInformation("Sign-in for {User} with {Password}", userName, {|#0:password|});"""),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("password", "ILogger.LogInformation"));
    }

    [Fact]
    public async Task PagingAndChangeFeedCursors_AreNotCredentials_ButAccessTokensAre()
    {
        // A continuation or next-page token marks a position in a result set: every caller of the
        // paged API receives one, and it opens nothing without the caller's own credentials.
        await VerifyCS.VerifyAnalyzerAsync(
            """
            using Microsoft.Extensions.Logging;

            public class QueryLogger(ILogger<QueryLogger> logger)
            {
                public void Log(string continuationToken, string nextPageToken, string syncToken, string accessToken)
                {
                    logger.LogInformation("Query continued with {ContinuationToken}", continuationToken);
                    logger.LogInformation("Next page {NextPageToken}, sync {SyncToken}", nextPageToken, syncToken);
                    logger.LogInformation("Called with {AccessToken}", {|#0:accessToken|});
                }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("accessToken", "ILogger.LogInformation"));
    }

    [Fact]
    public async Task InterpolatedAndConcatenatedMessages_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Service("""
                    logger.LogWarning($"Token {{|#0:token|}} rejected for {userName}");
                    logger.LogError("Key was " + {|#1:ApiKey|});
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("token", "ILogger.LogWarning"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("ApiKey", "ILogger.LogError"));
    }

    [Fact]
    public async Task AuthorizationAndCookieHeaders_AreReported_EvenThroughALocal()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Service("""
                    logger.LogDebug("Auth: {Header}", {|#0:request.Headers.Authorization|});
                    var cookie = request.Headers["Cookie"];
                    logger.LogDebug("Cookie: {Cookie}", {|#1:cookie|});
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Headers.Authorization", "ILogger.LogDebug"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("cookie (from Headers[\"Cookie\"])", "ILogger.LogDebug"));
    }

    [Fact]
    public async Task ConsoleDebugAndTrace_AreSinksToo()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Service("""
                    Console.WriteLine({|#0:password|});
                    Debug.WriteLine($"token={{|#1:token|}}");
                    Trace.TraceInformation("key {0}", {|#2:ApiKey|});
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("password", "Console.WriteLine"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("token", "Debug.WriteLine"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("ApiKey", "Trace.TraceInformation"));
    }

    [Fact]
    public async Task DerivedFactsAndNonCredentials_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Service("""
                    logger.LogInformation("Password length {Length}", password.Length);
                    logger.LogInformation("Has token: {HasToken}", !string.IsNullOrEmpty(token));
                    logger.LogInformation("Signed in {User}", userName);
                    var passwordAttempts = 3;
                    var tokenValid = token.Length > 10;
                    logger.LogInformation("{Attempts} {Valid}", passwordAttempts, tokenValid);
                    logger.LogInformation("Accept: {Accept}", request.Headers["Accept"]);
            """));
    }

    [Fact]
    public async Task NonLogCalls_AreNotSinks()
    {
        await VerifyCS.VerifyAnalyzerAsync(Service("""
                    var hash = password.GetHashCode();
                    string.Concat("a", password);
                    Use(token);
                }

                private static void Use(string value)
                {
            """));
    }

    [Fact]
    public async Task Fix_RedactsTheValue_AddingTheUsing()
    {
        await new VerifyCS.Test
        {
            TestCode = Service("""        logger.LogInformation("Sign-in with {Password}", {|#0:password|});"""),
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("password", "ILogger.LogInformation") },
            FixedCode = WithRuntimeUsing(Service("""        logger.LogInformation("Sign-in with {Password}", Redact.Value(password));""")),
            CodeActionEquivalenceKey = CredentialLogCodeFixProvider.RedactKey,
        }.RunAsync();
    }

    [Fact]
    public async Task Fix_RemovesTheArgumentAndItsPlaceholder()
    {
        await new VerifyCS.Test
        {
            TestCode = Service("""        logger.LogInformation("Sign-in for {User} with {Password}", userName, {|#0:password|});"""),
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("password", "ILogger.LogInformation") },
            FixedCode = Service("""        logger.LogInformation("Sign-in for {User} with", userName);"""),
            CodeActionEquivalenceKey = CredentialLogCodeFixProvider.RemoveKey,
        }.RunAsync();
    }

    [Fact]
    public async Task Fix_RemovesAnInterpolationHole()
    {
        await new VerifyCS.Test
        {
            TestCode = Service("""        logger.LogWarning($"Token {{|#0:token|}} rejected");"""),
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("token", "ILogger.LogWarning") },
            FixedCode = Service("""        logger.LogWarning($"Token  rejected");"""),
            CodeActionEquivalenceKey = CredentialLogCodeFixProvider.RemoveKey,
        }.RunAsync();
    }

    [Fact]
    public async Task FixAll_RedactsEveryCredentialInTheDocument()
    {
        await new VerifyCS.Test
        {
            TestCode = Service("""
                    logger.LogInformation("{P}", {|#0:password|});
                    logger.LogInformation("{T}", {|#1:token|});
            """),
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("password", "ILogger.LogInformation"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("token", "ILogger.LogInformation"),
            },
            FixedCode = WithRuntimeUsing(Service("""
                    logger.LogInformation("{P}", Redact.Value(password));
                    logger.LogInformation("{T}", Redact.Value(token));
            """)),
            CodeActionEquivalenceKey = CredentialLogCodeFixProvider.RedactKey,
        }.RunAsync();
    }

    [Fact]
    public async Task WithoutTheRuntime_OnlyTheRemoveFixIsOffered()
    {
        await new VerifyCS.Test
        {
            ReferenceSet = ReferenceSet.AspNetCore,
            TestCode = Service("""        logger.LogInformation("With {Password}", {|#0:password|});"""),
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("password", "ILogger.LogInformation") },
            FixedCode = Service("""        logger.LogInformation("With");"""),
            CodeActionIndex = 0,
        }.RunAsync();
    }

    [Fact]
    public void RemovePlaceholder_KeepsEscapedBraces()
    {
        Assert.Equal("{{literal}} for {User}", CredentialLogCodeFixProvider.RemovePlaceholder("{{literal}} for {User} {Password}", 1));
        Assert.Equal("for {Password}", CredentialLogCodeFixProvider.RemovePlaceholder("for {User} {Password}", 0));
    }
}
