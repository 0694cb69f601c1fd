using Compliance.Analyzers.CodeFixes.Secrets;
using Compliance.Analyzers.Tests.Verifiers;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Secrets.HardCodedSecretAnalyzer,
    Compliance.Analyzers.CodeFixes.Secrets.HardCodedSecretCodeFixProvider>;

namespace Compliance.Analyzers.Tests.Secrets;

public sealed class HardCodedSecretAnalyzerTests
{
    [Fact]
    public async Task SecretNamedFieldsPropertiesLocalsAndParameters_AreReported()
    {
        var source = """
            public class StripeClient
            {
                private readonly string apiKey = {|#0:"a8Zt7LwKx2rB99"|};
                public string ClientSecret { get; set; } = {|#1:"q8Zt-7LwK-x2rB"|};
                public string Token => {|#2:"t0k3n-v4lu3-123"|};

                public void Connect(string user)
                {
                    var password = {|#3:"Winter2026!"|};
                    Login(user, {|#4:"Spring2026!"|});
                }

                private static void Login(string user, string password) { }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("apiKey", "a value under a secret's name"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("ClientSecret", "a value under a secret's name"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("Token", "a value under a secret's name"),
            VerifyCS.Diagnostic().WithLocation(3).WithArguments("password", "a value under a secret's name"),
            VerifyCS.Diagnostic().WithLocation(4).WithArguments("password", "a value under a secret's name"));
    }

    [Fact]
    public async Task FoldedConstants_AreReportedOnceAtTheRoot()
    {
        var source = """
            public class Keys
            {
                private const string Prefix = "sk_live_";
                private const string StripeKey = {|#0:Prefix + "51Hc8rQGmZtV7sYk2LxW9pN4e"|};
                private const string Other = {|#1:$"{Prefix}51Hc8rQGmZtV7sYk2LxW9pN4f"|};
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("StripeKey", "a Stripe secret key"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("Other", "a Stripe secret key"));
    }

    [Fact]
    public async Task KnownFormats_AreReportedAnywhere()
    {
        var source = """
            using System.Net.Http;

            public class Calls
            {
                public void Call(HttpClient client)
                {
                    client.DefaultRequestHeaders.Add("Authorization", {|#0:"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"|});
                    var url = {|#1:"https://admin:Winter2026@db.clinic.internal/api"|};
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("value", "a JSON Web Token"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("url", "a URL with a user name and password"));
    }

    [Fact]
    public async Task NetworkCredentialAndConnectionStrings_AreReported()
    {
        var source = """
            using System.Net;

            public class Mail
            {
                public ICredentials Credentials => new NetworkCredential("clinic", {|#0:"Winter2026!"|});
                public string Db = {|#1:"Server=db;Database=Clinic;User Id=app;Password=Winter2026!"|};
                public string Local = "Server=(localdb)\\mssqllocaldb;Database=Clinic;Trusted_Connection=True";
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("password", "a value under a secret's name"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("Db", "a connection string with Password"));
    }

    [Fact]
    public async Task KeyMaterialFromLiterals_IsReported()
    {
        var source = """
            using System.Security.Cryptography;
            using System.Text;

            public class Signer
            {
                public byte[] Sign(byte[] data)
                {
                    using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes({|#0:"clinic-signing-2026"|}));
                    return hmac.ComputeHash(data);
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("HMACSHA256", "key material made from a string literal"));
    }

    [Fact]
    public async Task ConfigurationKeysSetInCode_AreReported()
    {
        var source = """
            using System.Collections.Generic;
            using Microsoft.Extensions.Configuration;

            public class Setup
            {
                public void Configure(IConfiguration configuration, IConfigurationBuilder builder)
                {
                    configuration["Jwt:Key"] = {|#0:"clinic-signing-key-2026"|};
                    builder.AddInMemoryCollection(new Dictionary<string, string?>
                    {
                        ["Stripe:SecretKey"] = {|#1:"whsec_41jd7Qk2LmZp"|},
                        ["Smtp:Host"] = "smtp.clinic.example.org",
                    });
                    builder.AddInMemoryCollection(new Dictionary<string, string?>
                    {
                        { "Smtp:Password", {|#2:"mail-pass-1"|} },
                    });
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Jwt:Key", "a value under a secret's name"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("Stripe:SecretKey", "a value under a secret's name"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("Smtp:Password", "a value under a secret's name"));
    }

    [Fact]
    public async Task NameofComparisonsAttributesAndMessages_AreNotReported()
    {
        var source = """
            using System.ComponentModel.DataAnnotations;

            public class Login
            {
                [Display(Name = "Password")]
                [Required(ErrorMessage = "Password is required")]
                public string Password { get; set; } = "";

                public string PasswordHint { get; set; } = "the name of your first pet";
                public string TokenEndpoint { get; set; } = "https://login.example.org/oauth/token";

                public string Validate(string password)
                {
                    if (password == "" || password == "changeme" || string.Equals(password, "password1"))
                    {
                        return nameof(Password);
                    }

                    var secret = "Your password must be at least twelve characters long";
                    var apiKey = "${STRIPE_KEY}";
                    return password switch { "letmein1" => "weak", _ => secret + apiKey };
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task TestProjects_AreSkippedUnlessConfigured()
    {
        var source = """
            public class LoginTests
            {
                [Xunit.Fact]
                public void SignsIn() { var password = "Winter2026!"; }
            }
            """;
        var xunit = typeof(FactAttribute).Assembly.Location;
        var core = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(xunit)!, "xunit.core.dll");

        var skipped = new VerifyCS.Test { TestCode = source };
        skipped.AdditionalReferences.Add(core);
        skipped.AdditionalReferences.Add(typeof(Assert).Assembly.Location);
        await skipped.RunAsync();

        var scanned = new VerifyCS.Test
        {
            TestCode = source.Replace("\"Winter2026!\"", "{|#0:\"Winter2026!\"|}"),
            EditorConfig = "compliance.secrets.scan_test_code = true",
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("password", "a value under a secret's name") },
        };
        scanned.AdditionalReferences.Add(core);
        scanned.AdditionalReferences.Add(typeof(Assert).Assembly.Location);
        await scanned.RunAsync();
    }

    [Fact]
    public async Task Fix_ReadsFromConfiguration_WhenOneIsInScope()
    {
        var source = """
            using Microsoft.Extensions.Configuration;

            public class StripeClient(IConfiguration configuration)
            {
                private readonly string apiKey = {|#0:"a8Zt7LwKx2rB99"|};
            }
            """;
        var fixedSource = """
            using System;
            using Microsoft.Extensions.Configuration;

            public class StripeClient(IConfiguration configuration)
            {
                private readonly string apiKey = configuration["StripeClient:ApiKey"] ?? throw new InvalidOperationException("StripeClient:ApiKey is not configured");
            }
            """;

        await VerifyCS.VerifyCodeFixAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("apiKey", "a value under a secret's name"),
            fixedSource);
    }

    [Fact]
    public async Task Fix_ReadsFromTheEnvironment_AndTurnsConstIntoStaticReadonly()
    {
        var source = """
            public static class Keys
            {
                private const string StripeKey = {|#0:"sk_live_51Hc8rQGmZtV7sYk2LxW9pN4e"|};

                public static string Current => StripeKey;
            }
            """;
        var fixedSource = """
            using System;

            public static class Keys
            {
                private static readonly string StripeKey = Environment.GetEnvironmentVariable("Keys__StripeKey") ?? throw new InvalidOperationException("Keys__StripeKey is not set");

                public static string Current => StripeKey;
            }
            """;

        await VerifyCS.VerifyCodeFixAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("StripeKey", "a Stripe secret key"),
            fixedSource);
    }

    [Fact]
    public async Task Fix_IsNotOfferedWhereAConstantIsRequired_AndFixAllHandlesTheRest()
    {
        var source = """
            using System;

            public class Client
            {
                private const string Password = {|#0:"Winter2026!"|};

                [Obsolete(Password)]
                public void Old() { }

                public void Connect()
                {
                    var token = {|#1:"t0k3n-v4lu3-123"|};
                    var secret = {|#2:"s3cr3t-v4lu3-456"|};
                }
            }
            """;
        var fixedSource = """
            using System;

            public class Client
            {
                private const string Password = {|#0:"Winter2026!"|};

                [Obsolete(Password)]
                public void Old() { }

                public void Connect()
                {
                    var token = Environment.GetEnvironmentVariable("Client__Token") ?? throw new InvalidOperationException("Client__Token is not set");
                    var secret = Environment.GetEnvironmentVariable("Client__Secret") ?? throw new InvalidOperationException("Client__Secret is not set");
                }
            }
            """;

        var remaining = VerifyCS.Diagnostic().WithLocation(0).WithArguments("Password", "a value under a secret's name");
        await new VerifyCS.Test
        {
            TestCode = source,
            ExpectedDiagnostics =
            {
                remaining,
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("token", "a value under a secret's name"),
                VerifyCS.Diagnostic().WithLocation(2).WithArguments("secret", "a value under a secret's name"),
            },
            FixedState = { Sources = { fixedSource }, ExpectedDiagnostics = { remaining } },
        }.RunAsync();
    }

    [Fact]
    public async Task NamesKeysAndLexicalTokens_FromRealCode_AreNotSecrets()
    {
        // Reduced from shapes seen in open-source media servers and shop samples: parsing tokens,
        // claim-type and header names, task keys and configuration keys are names, not credentials.
        var source = """
            using System.Collections.Generic;

            public sealed record CleanRule(string token, bool caseSensitive);

            public static class ClaimTypes
            {
                public const string Token = "App-Token";
                public const string IsApiKey = "App-IsApiKey";
                public const string AnalyzeDurationKey = "Media:analyzeduration";
                public const string TokenField = "__RequestVerificationToken";
            }

            public sealed class RefreshTask
            {
                public string Key => "RefreshThumbnailImages";
            }

            public static class Headers
            {
                public static void Apply(IDictionary<string, string> headers)
                {
                    headers.Add("X-Content-Type-Options", "nosniff");
                    headers["Content-Security-Policy"] = "default-src 'self'";
                    var rules = new[] { new CleanRule(token: "bluray", caseSensitive: false), new CleanRule(token: @"^(?<title>.+)\s\d+$", false) };
                    var settings = new Dictionary<string, string> { ["user_access_token"] = "user_access_token" };
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task AssembliesNamedLikeTests_AreSkipped()
    {
        var test = new VerifyCS.Test { TestCode = "public class Login { public string Password = \"Winter2026!\"; }" };
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, "Clinic.Api.Tests"));
        await test.RunAsync();
    }
}
