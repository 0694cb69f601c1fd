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
        skipped.TestState.AdditionalReferences.Add(core);
        skipped.TestState.AdditionalReferences.Add(typeof(Assert).Assembly.Location);
        await skipped.RunAsync();

        var scanned = new VerifyCS.Test
        {
            TestCode = source.Replace("\"Winter2026!\"", "{|#0:\"Winter2026!\"|}"),
            EditorConfig = "compliance.secrets.scan_test_code = true",
            ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("password", "a value under a secret's name") },
        };
        scanned.TestState.AdditionalReferences.Add(core);
        scanned.TestState.AdditionalReferences.Add(typeof(Assert).Assembly.Location);
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

    [Fact]
    public async Task FeatureFlagKeys_AreNotSecrets()
    {
        var source = """
            public static class Features
            {
                public const string PasswordResetFeature = "feature.password-reset.enabled";
                public const string TokenRefreshFlag = "features:token-refresh:v2";
                public const string Password = "feature.password.v2.enabled";
                public static readonly string ApiKeyRotation = "flags.api-key-rotation.2026";
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task WireFieldNames_AreNotSecrets()
    {
        var source = """
            using System.Collections.Generic;
            using System.Net.Http;
            using System.Text.Json.Serialization;

            public sealed class TokenResponse
            {
                [JsonPropertyName("access_token")]
                public string AccessToken { get; set; } = "";

                public const string ClientSecretField = "client_secret";
                public const string Token = "oauth2_access_token";
                public const string Password = "password";
            }

            public static class TokenRequest
            {
                public static FormUrlEncodedContent Build(string secret, string user, string password)
                {
                    var form = new Dictionary<string, string>
                    {
                        ["client_secret"] = secret,
                        ["password"] = password,
                    };
                    var fields = new Dictionary<string, string> { { "password", password }, { "access_token", secret } };
                    form["access_token"] = secret;
                    var pairs = new List<KeyValuePair<string, string>>
                    {
                        new KeyValuePair<string, string>("client_secret", secret),
                        new("grant_type", "password"),
                        new("username", user),
                    };
                    return new FormUrlEncodedContent(pairs);
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task FormatStringsAndParameterMarkers_AreNotSecrets()
    {
        var source = """
            public static class Sql
            {
                public const string ConnectionFormat = "Server={0};Database=Clinic;User Id={1};Password={2}";
                public const string Template = "Server=x;Password={password}";
                public const string UpdatePassword = "UPDATE users SET hash = 1; password=@password";
                public const string OdbcPassword = "password=?";
                public const string OraclePassword = "password=:pwd";
                public const string PostgresPassword = "Host=db;Password=$1";
                public static string Build(string server, string password) => string.Format("Server={0};Password={1}", server, password);
                public static string Url(string user, string password) => string.Format("https://{0}:{1}@db.example.org", user, password);
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Base64Images_AreNotSecrets()
    {
        var source = """
            public static class Images
            {
                public const string PlaceholderAvatarKey = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
                public const string LogoKey = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
                public const string JpegKey = "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=";
                public const string SpinnerToken = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task PublicEmulatorKeys_AreNotSecrets()
    {
        var source = """
            public static class Emulators
            {
                public const string AzuriteAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
                public const string Storage = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";
                public const string StorageSecret = "UseDevelopmentStorage=true";
                public const string CosmosKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
                public const string Cosmos = "AccountEndpoint=https://localhost:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task RegularExpressions_AreNotSecrets()
    {
        var source = """
            using System.ComponentModel.DataAnnotations;
            using System.Text.RegularExpressions;

            public partial class PasswordRules
            {
                private const string StrongPassword = "[A-Za-z0-9!@#$%]{12,64}";
                private static readonly string TokenRegex = "[A-Za-z0-9_-]{32,}";
                public const string ApiKeyPattern = "sk_[a-z]{4}_[A-Za-z0-9]{24}";
                private static readonly Regex Secret = new Regex("[A-Za-z0-9+/]{40}=*");

                [RegularExpression("^(?=.*[A-Z])(?=.*[0-9]).{12,}$")]
                public string Password { get; set; } = "";

                [GeneratedRegex("[a-f0-9]{64}")]
                private static partial Regex TokenShape();

                private static partial Regex TokenShape() => new("[a-f0-9]{64}");

                public static bool IsValid(string password, string token)
                    => Regex.IsMatch(password, "[A-Za-z0-9!@#$%]{12,64}") && Regex.IsMatch(token, @"[A-Z0-9]{8}-[A-Z0-9]{8}");
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task PublicKeyTokens_AreNotSecrets()
    {
        var source = """
            public static class Assemblies
            {
                public const string PublicKeyToken = "b77a5c561934e089";
                public const string SigningKeyToken = "31bf3856ad364e35";
                public const string SerializerTypeKey = "System.Text.Json.JsonSerializer, System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51";
                public const string Token = {|#0:"b03f5f7f11d50a3a"|};
            }
            """;

        // Sixteen hex digits under a plain token name may be a real token.
        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Token", "a value under a secret's name"));
    }

    [Fact]
    public async Task ConstantKeysPassedToCiphers_AreReported()
    {
        var source = """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            public class Cipher
            {
                private static readonly byte[] Material = { 0x10, 0x22, 0x3A, 0x41, 0x5C, 0x67, 0x7E, 0x88, 0x91, 0xA2, 0xB3, 0xC4, 0xD5, 0xE6, 0xF7, 0x08 };
                private static readonly byte[] Decoded = Convert.FromBase64String("q2n3Jk9z0Lm4Xp7Rt5Vw8Yb1Cd6Ef0Gh");
                private const string Phrase = "clinic-2026-phrase";

                public void Work(byte[] iv, byte[] data)
                {
                    using var gcm = new AesGcm({|#0:Material|}, 16);
                    using var ccm = new AesCcm({|#1:new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }|});
                    using var hmac = new HMACSHA256({|#2:Decoded|});
                    using var aes = Aes.Create();
                    aes.Key = {|#3:Encoding.UTF8.GetBytes(Phrase)|};
                    var bytes = Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef");
                    aes.CreateEncryptor({|#4:bytes|}, iv);
                    aes.CreateDecryptor({|#5:Material|}, iv);
                    using var direct = new AesGcm(Encoding.UTF8.GetBytes({|#6:"clinic-gcm-key-2026"|}), 16);
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Material", "a constant key passed to AesGcm"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("AesCcm", "a constant key passed to AesCcm"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("Decoded", "a constant key passed to HMACSHA256"),
            VerifyCS.Diagnostic().WithLocation(3).WithArguments("Phrase", "a constant key passed to SymmetricAlgorithm.Key"),
            VerifyCS.Diagnostic().WithLocation(4).WithArguments("bytes", "a constant key passed to rgbKey"),
            VerifyCS.Diagnostic().WithLocation(5).WithArguments("Material", "a constant key passed to rgbKey"),
            VerifyCS.Diagnostic().WithLocation(6).WithArguments("key", "key material made from a string literal"));
    }

    [Fact]
    public async Task KeysNamedAsKeys_AreReportedOnceWhereWritten()
    {
        var source = """
            using System.Security.Cryptography;
            using System.Text;

            public class Cipher
            {
                private static readonly byte[] EncryptionKey = Encoding.UTF8.GetBytes({|#0:"clinic-encryption-2026"|});

                public byte[] Seal(byte[] nonce, byte[] plain, byte[] cipher, byte[] tag)
                {
                    using var gcm = new AesGcm(EncryptionKey, 16);
                    gcm.Encrypt(nonce, plain, cipher, tag);
                    return cipher;
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("EncryptionKey", "a random-looking key (3.6 bits of entropy per character)"));
    }

    [Fact]
    public async Task KeysFromRandomnessConfigurationOrPlaceholders_AreNotReported()
    {
        var source = """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            public class Cipher
            {
                public void Work(byte[] configuredKey, string secretFromVault, byte[] iv)
                {
                    var payload = Encoding.UTF8.GetBytes("ping-request-2026");
                    var key = new byte[32];
                    RandomNumberGenerator.Fill(key);
                    using var gcm = new AesGcm(key, 16);
                    using var other = new AesGcm(configuredKey, 16);
                    using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secretFromVault));
                    using var aes = Aes.Create();
                    aes.Key = Encoding.UTF8.GetBytes("${AES_KEY}");
                    var reused = new byte[32];
                    reused = Convert.FromBase64String(secretFromVault);
                    aes.CreateEncryptor(reused, iv);
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task RandomLookingCredentialsInHeadersAndCredentialApis_AreReported()
    {
        var source = """
            using System.Net;
            using System.Net.Http;
            using System.Net.Http.Headers;

            public class Upstream
            {
                private const string Upstream2 = "q8ZtLwKx2rB99mN4pQ7sV1wY3aE6hJ0k";
                private static readonly string Relay = "Zk29xQpL7mWv3RtY8bNc4JhD6sGf1aEu";

                public ICredentials Call(HttpClient client, HttpRequestMessage request)
                {
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", {|#0:"n7Kq2Lx9Vb4Mz8Rt1Yw6Pc3Hd5Gf0Js"|});
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", {|#1:Upstream2|});
                    request.Headers.Add("Authorization", {|#2:"Bearer Xy7Lm2Qp9Rt4Vb8Nc1Kz6Wd3Hg5Fj0s"|});
                    request.Headers.Add("X-Api-Key", {|#3:Relay|});
                    request.Headers.TryAddWithoutValidation("X-Api-Key", {|#4:"Tq4Wm8Zx1Lp6Rv3Yb9Nk2Hc7Jd5Gs0Fa"|});
                    return new NetworkCredential("svc", {|#5:Relay|});
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Authorization", "a random-looking credential in an authentication header"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("Upstream2", "a random-looking value used as the Authorization header"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("value", "a random-looking credential in an authentication header"),
            VerifyCS.Diagnostic().WithLocation(3).WithArguments("Relay", "a random-looking value used as the X-Api-Key header"),
            VerifyCS.Diagnostic().WithLocation(4).WithArguments("X-Api-Key", "a value under a secret's name"),
            VerifyCS.Diagnostic().WithLocation(5).WithArguments("Relay", "a random-looking value used as password"));
    }

    [Fact]
    public async Task HeadersAndCredentialsThatAreNotHardCodedSecrets_AreNotReported()
    {
        var source = """
            using System.Net;
            using System.Net.Http;
            using System.Net.Http.Headers;

            public class Upstream
            {
                private const string Scheme = "Bearer";
                private const string ServicePassword = "Winter2026!";
                private static readonly string Environment = "development";

                public ICredentials Call(HttpClient client, HttpRequestMessage request, string token)
                {
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(Scheme, token);
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment);
                    request.Headers.Add("Authorization", "Bearer ${UPSTREAM_TOKEN}");
                    request.Headers.Add("Accept", "application/json");
                    request.Headers.Add("X-Correlation-Id", "Zk29xQpL7mWv3RtY8bNc4JhD6sGf1aEu");
                    return new NetworkCredential("svc", {|#0:ServicePassword|});
                }
            }
            """;

        // The password is reported once, where it is declared under its own name.
        await VerifyCS.VerifyAnalyzerAsync(source.Replace("{|#0:ServicePassword|}", "ServicePassword").Replace("ServicePassword = \"Winter2026!\"", "ServicePassword = {|#0:\"Winter2026!\"|}"),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("ServicePassword", "a value under a secret's name"));
    }

    [Fact]
    public async Task ConstantKeysInTestAssemblies_AreSkipped()
    {
        var test = new VerifyCS.Test
        {
            TestCode = """
                using System.Security.Cryptography;

                public class CipherTests
                {
                    private static readonly byte[] Material = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

                    public void Seals() { using var gcm = new AesGcm(Material, 16); }
                }
                """,
        };
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, "Clinic.Api.Tests"));
        await test.RunAsync();
    }
}
