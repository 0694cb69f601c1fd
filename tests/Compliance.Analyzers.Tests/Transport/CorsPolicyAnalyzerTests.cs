using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Transport.CorsPolicyAnalyzer>;

namespace Compliance.Analyzers.Tests.Transport;

public sealed class CorsPolicyAnalyzerTests
{
    private static string Setup(string body) => $$"""
        using System;
        using Microsoft.AspNetCore.Cors.Infrastructure;
        using Microsoft.Extensions.DependencyInjection;

        public static class Cors
        {
            public static void Configure(IServiceCollection services, string[] origins, Func<string, bool> check)
            {
        {{body}}
            }
        }
        """;

    [Fact]
    public async Task AllowAnyOrigin_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Setup("""        services.AddCors(o => o.AddDefaultPolicy(p => {|#0:p.AllowAnyOrigin()|}.AllowAnyHeader()));"""),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("allows any origin"));
    }

    [Fact]
    public async Task AnyOriginWithCredentials_IsTheWorseCase()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Setup("""        services.AddCors(o => o.AddPolicy("spa", p => {|#0:p.SetIsOriginAllowed(_ => true)|}.AllowCredentials()));"""),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("accepts every origin in SetIsOriginAllowed and allows credentials, so any website can call the API as the signed-in user"));
    }

    [Fact]
    public async Task WildcardOrigin_IsReported_InAnArrayToo()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Setup("""
                    services.AddCors(o => o.AddPolicy("a", p => {|#0:p.WithOrigins("*")|}));
                    services.AddCors(o => o.AddPolicy("b", p => {|#1:p.WithOrigins(new[] { "https://clinic.example.org", "*" })|}));
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("allows the origin \"*\""),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("allows the origin \"*\""));
    }

    [Fact]
    public async Task BlockBodiedAlwaysTrue_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Setup("""        services.AddCors(o => o.AddDefaultPolicy(p => { {|#0:p.SetIsOriginAllowed(origin => { return true; })|}; }));"""),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("accepts every origin in SetIsOriginAllowed"));
    }

    [Fact]
    public async Task ExplicitAllowlists_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Setup("""
                    services.AddCors(o => o.AddPolicy("spa", p => p.WithOrigins("https://clinic.example.org").AllowCredentials()));
                    services.AddCors(o => o.AddPolicy("cfg", p => p.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod()));
                    services.AddCors(o => o.AddPolicy("fn", p => p.SetIsOriginAllowed(check)));
                    services.AddCors(o => o.AddPolicy("sub", p => p.SetIsOriginAllowed(origin => new Uri(origin).Host.EndsWith(".clinic.example.org"))));
            """));
    }

    [Fact]
    public async Task ConditionalReturns_AreNotAlwaysTrue()
    {
        await VerifyCS.VerifyAnalyzerAsync(Setup("""
                    services.AddCors(o => o.AddDefaultPolicy(p => p.SetIsOriginAllowed(origin => { if (origin.Length > 0) { return true; } return false; })));
            """));
    }

    [Fact]
    public async Task PolicyBuiltInSeparateStatements_FindsCredentials()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Setup("""
                    var builder = new CorsPolicyBuilder();
                    {|#0:builder.AllowAnyOrigin()|};
                    builder.AllowCredentials();
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("allows any origin and allows credentials, so any website can call the API as the signed-in user"));
    }

    [Fact]
    public async Task WithoutAspNetCore_NothingRuns()
    {
        await new VerifyCS.Test
        {
            ReferenceSet = Compliance.Analyzers.Tests.Verifiers.ReferenceSet.Net,
            TestCode = "public class AllowAnyOrigin { public void SetIsOriginAllowed() { } }",
        }.RunAsync();
    }

    [Fact]
    public async Task AnonymousMethodAlwaysTrue_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Setup("""        services.AddCors(o => o.AddDefaultPolicy(p => {|#0:p.SetIsOriginAllowed(delegate (string origin) { return true; })|}));"""),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("accepts every origin in SetIsOriginAllowed"));
    }

    [Fact]
    public async Task HalfTypedPolicy_DoesNotCrash()
    {
        await new VerifyCS.Test
        {
            TestCode = Setup("""        services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(""".Replace("{", "{{").Replace("}", "}}")),
            CompilerDiagnostics = CompilerDiagnostics.None,
            TestBehaviors = TestBehaviors.SkipSuppressionCheck | TestBehaviors.SkipGeneratedCodeCheck,
        }.RunAsync();
    }

    [Fact]
    public async Task CredentialsInAnotherBranch_AreNotPartOfThisPolicy()
    {
        // Reduced from a policy provider that allows any origin only when configured with "*".
        await VerifyCS.VerifyAnalyzerAsync(
            Setup("""
                    var builder = new CorsPolicyBuilder();
                    if (origins.Length == 1 && origins[0] == "*")
                    {
                        {|#0:builder.AllowAnyOrigin()|};
                    }
                    else
                    {
                        builder.WithOrigins(origins).AllowCredentials();
                    }
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("allows any origin"));
    }

    private const string StarByHand = "is written by hand as Access-Control-Allow-Origin: *, which allows any origin";

    private static string Middleware(string body) => $$"""
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Net.Http.Headers;

        public static class CorsHeaders
        {
            public static void Write(HttpContext context, IConfiguration configuration)
            {
        {{body}}
            }
        }
        """;

    [Fact]
    public async Task BuilderConstructedWithAWildcard_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Setup("""
                    var a = {|#0:new CorsPolicyBuilder("*")|}.Build();
                    var b = {|#1:new CorsPolicyBuilder("*")|}.AllowCredentials().Build();
                    var c = {|#2:new CorsPolicyBuilder().AllowAnyOrigin()|}.Build();
                    var d = new CorsPolicyBuilder("https://portal.clinic.example.org").Build();
                    var e = new CorsPolicyBuilder(origins).Build();
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("allows the origin \"*\""),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("allows the origin \"*\" and allows credentials, so any website can call the API as the signed-in user"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("allows any origin"));
    }

    [Fact]
    public async Task HandWrittenWildcardOrigin_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Middleware("""
                    {|#0:context.Response.Headers["Access-Control-Allow-Origin"] = "*"|};
                    {|#1:context.Response.Headers.Append("access-control-allow-origin", "*")|};
                    {|#2:context.Response.Headers.Add(HeaderNames.AccessControlAllowOrigin, "*")|};
                    {|#3:context.Response.Headers.AccessControlAllowOrigin = "*"|};
                    {|#4:context.Response.Headers[HeaderNames.AccessControlAllowOrigin] = "*"|};
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments(StarByHand),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments(StarByHand),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments(StarByHand),
            VerifyCS.Diagnostic().WithLocation(3).WithArguments(StarByHand),
            VerifyCS.Diagnostic().WithLocation(4).WithArguments(StarByHand));
    }

    [Fact]
    public async Task ReflectedOriginWithCredentials_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Middleware("""
                    {|#0:context.Response.Headers["Access-Control-Allow-Origin"] = context.Request.Headers["Origin"]|};
                    context.Response.Headers.Append(HeaderNames.AccessControlAllowCredentials, "true");
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("is written by hand to echo the request's Origin header with Access-Control-Allow-Credentials: true, so any website can call the API as the signed-in user"));
    }

    [Fact]
    public async Task SpecificOrConfiguredOrigins_AndReflectionWithoutCredentials_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Middleware("""
                    context.Response.Headers["Access-Control-Allow-Origin"] = "https://portal.clinic.example.org";
                    context.Response.Headers.AccessControlAllowOrigin = configuration["Cors:Origin"];
                    context.Response.Headers.Append(HeaderNames.AccessControlAllowOrigin, context.Request.Headers.Origin);
                    context.Response.Headers["Access-Control-Allow-Methods"] = "*";
                    context.Response.Headers["X-Origin"] = "*";
            """));
    }
}
