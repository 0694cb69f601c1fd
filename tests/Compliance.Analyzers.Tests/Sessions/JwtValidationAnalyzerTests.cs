using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Sessions.JwtValidationAnalyzer,
    Compliance.Analyzers.CodeFixes.Sessions.JwtValidationCodeFixProvider>;

namespace Compliance.Analyzers.Tests.Sessions;

public sealed class JwtValidationAnalyzerTests
{
    // Stand-ins with the metadata names of Microsoft.IdentityModel.Tokens: the rule matches by name, no package needed.
    private const string Tokens = """
        namespace Microsoft.IdentityModel.Tokens
        {
            using System;
            using System.Collections.Generic;

            public class SecurityToken { }
            public class SecurityKey { }
            public delegate bool AudienceValidator(IEnumerable<string> audiences, SecurityToken token, TokenValidationParameters parameters);
            public delegate bool LifetimeValidator(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters);
            public delegate string IssuerValidator(string issuer, SecurityToken token, TokenValidationParameters parameters);
            public delegate SecurityToken SignatureValidator(string token, TokenValidationParameters parameters);

            public class TokenValidationParameters
            {
                public bool ValidateIssuer { get; set; } = true;
                public bool ValidateAudience { get; set; } = true;
                public bool ValidateLifetime { get; set; } = true;
                public bool ValidateIssuerSigningKey { get; set; }
                public bool RequireSignedTokens { get; set; } = true;
                public bool RequireExpirationTime { get; set; } = true;
                public TimeSpan ClockSkew { get; set; }
                public AudienceValidator? AudienceValidator { get; set; }
                public LifetimeValidator? LifetimeValidator { get; set; }
                public IssuerValidator? IssuerValidator { get; set; }
                public SignatureValidator? SignatureValidator { get; set; }
                public string? ValidIssuer { get; set; }
            }

            public class SecurityTokenDescriptor
            {
                public DateTime? Expires { get; set; }
            }

            public class JsonWebToken : SecurityToken
            {
                public JsonWebToken(string token) { }
            }
        }

        """;

    private static string Code(string body) => Tokens + $$"""
        namespace App
        {
            using System;
            using Microsoft.Extensions.Hosting;
            using Microsoft.IdentityModel.Tokens;

            public static class Jwt
            {
                public static void Configure(IHostEnvironment environment, bool flag)
                {
        {{body}}
                }
            }
        }
        """;

    [Fact]
    public async Task DisabledChecks_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
                        var parameters = new TokenValidationParameters
                        {
                            {|#0:ValidateIssuer = false|},
                            {|#1:ValidateLifetime = false|},
                            ValidateAudience = true,
                        };
                        {|#2:parameters.RequireSignedTokens = false|};
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("ValidateIssuer = false: any issuer is accepted"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("ValidateLifetime = false: expired tokens are accepted"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("RequireSignedTokens = false: unsigned tokens are accepted"));
    }

    [Fact]
    public async Task ValidatorsThatAcceptEverything_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
                        var parameters = new TokenValidationParameters
                        {
                            {|#0:AudienceValidator = (_, _, _) => true|},
                            {|#1:IssuerValidator = (issuer, _, _) => issuer|},
                            {|#2:SignatureValidator = (token, _) => new JsonWebToken(token)|},
                            LifetimeValidator = (notBefore, expires, _, _) => expires > DateTime.UtcNow,
                        };
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("AudienceValidator accepts every token without checking it"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("IssuerValidator accepts every token without checking it"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("SignatureValidator accepts every token without checking it"));
    }

    [Fact]
    public async Task LongClockSkewAndLongLivedTokens_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
                        var parameters = new TokenValidationParameters { {|#0:ClockSkew = TimeSpan.FromMinutes(30)|} };
                        var descriptor = new SecurityTokenDescriptor { {|#1:Expires = DateTime.UtcNow.AddHours(8)|} };
                        var fine = new SecurityTokenDescriptor { Expires = DateTime.UtcNow.AddMinutes(15) };
                        var skew = new TokenValidationParameters { ClockSkew = TimeSpan.FromMinutes(1) };
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("A clock skew of 30 minutes keeps expired tokens valid; keep it at 5 minutes or less"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("Tokens valid for 480 minutes stay usable long after theft; issue access tokens for 60 minutes or less and refresh them"));
    }

    [Fact]
    public async Task NonConstantAndDevelopmentSettings_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Code("""
                        var parameters = new TokenValidationParameters { ValidateIssuer = flag };
                        if (environment.IsDevelopment())
                        {
                            parameters.ValidateLifetime = false;
                        }
            """));
    }

    [Fact]
    public async Task UnrelatedTypesWithTheSameProperties_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync("""
            public class MyOptions { public bool ValidateIssuer { get; set; } }
            public static class C { public static MyOptions Make() => new() { ValidateIssuer = false }; }
            """);
    }

    [Fact]
    public async Task Fix_RestoresTheCheck_AndFixAllCoversTheDocument()
    {
        await VerifyCS.VerifyCodeFixAsync(
            Code("""
                        var parameters = new TokenValidationParameters
                        {
                            {|#0:ValidateIssuer = false|},
                            {|#1:ValidateAudience = false|},
                        };
            """),
            [
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("ValidateIssuer = false: any issuer is accepted"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("ValidateAudience = false: tokens minted for other applications are accepted"),
            ],
            Code("""
                        var parameters = new TokenValidationParameters
                        {
                            ValidateIssuer = true,
                            ValidateAudience = true,
                        };
            """));
    }

    [Fact]
    public async Task SigningKeyAndExpirationChecks_AreReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
                        var parameters = new TokenValidationParameters();
                        {|#0:parameters.ValidateIssuerSigningKey = false|};
                        {|#1:parameters.RequireExpirationTime = false|};
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("ValidateIssuerSigningKey = false: the signing key is not checked"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("RequireExpirationTime = false: tokens that never expire are accepted"));
    }

    [Fact]
    public async Task BlockBodiedAlwaysTrueLifetimeValidator_IsReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
                        var parameters = new TokenValidationParameters
                        {
                            {|#0:LifetimeValidator = (notBefore, expires, token, p) => { return true; }|},
                        };
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("LifetimeValidator accepts every token without checking it"));
    }

    [Fact]
    public async Task ShortSkewAndLifetimeWithAdd_AreNotReported()
    {
        await VerifyCS.VerifyAnalyzerAsync(Code("""
                        var parameters = new TokenValidationParameters { ClockSkew = TimeSpan.FromSeconds(30) };
                        var descriptor = new SecurityTokenDescriptor { Expires = DateTime.UtcNow.Add(TimeSpan.FromMinutes(30)) };
                        var later = new SecurityTokenDescriptor { Expires = DateTime.UtcNow.AddMinutes(flag ? 10 : 20) };
            """));
    }

    [Fact]
    public async Task LifetimeThroughAdd_IsFolded()
    {
        await VerifyCS.VerifyAnalyzerAsync(
            Code("""
                        var descriptor = new SecurityTokenDescriptor { {|#0:Expires = DateTime.UtcNow.Add(TimeSpan.FromDays(1))|} };
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Tokens valid for 1440 minutes stay usable long after theft; issue access tokens for 60 minutes or less and refresh them"));
    }
}
