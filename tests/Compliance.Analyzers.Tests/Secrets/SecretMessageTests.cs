using System.Collections.Immutable;
using System.Globalization;
using Compliance.Analyzers.Tests.Meta;
using Compliance.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Compliance.Analyzers.Tests.Secrets;

/// <summary>
/// Diagnostic messages are printed in build logs and CI output and stored in SARIF files, which are
/// shared far more widely than a secret may be: no message of any rule may contain any three
/// consecutive characters of a detected secret. Every analyzer runs on each input, so a rule that
/// echoes a literal (a URL, a key) is caught too, not only the secret rules.
/// </summary>
public sealed class SecretMessageTests
{
    private const string PemBody = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDf7uVwQ9zX2kJ8";

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // rule, file path, content, secret
        { "CMP1001", "/0/wwwroot/appsettings.json", """{ "Authentication": { "Google": { "ClientSecret": "GOCSPX-4f9Qe1Zt7LwKx2rBv8Nd" } } }""", "GOCSPX-4f9Qe1Zt7LwKx2rBv8Nd" },
        { "CMP1001", "/0/wwwroot/config/app.json", """{ "Payments": { "Publishable": "sk_live_51Hc8rQGmZtV7sYk2LxW9pN4e" } }""", "sk_live_51Hc8rQGmZtV7sYk2LxW9pN4e" },
        { "CMP1002", "/0/appsettings.json", """{ "ConnectionStrings": { "Db": "Server=db;Database=app;User Id=app;Password=Qz7#vR2!pKw" } }""", "Qz7#vR2!pKw" },
        { "CMP1002", "/0/appsettings.json", """{ "Storage": "DefaultEndpointsProtocol=https;AccountName=clinic;AccountKey=Jk4Zp9Xw2Lq7Vb3Nm8Rt5Yc1Hd6Gf0Sa==;EndpointSuffix=core.windows.net" }""", "Jk4Zp9Xw2Lq7Vb3Nm8Rt5Yc1Hd6Gf0Sa==" },
        { "CMP1002", "/0/appsettings.Development.json", """{ "Encryption": { "DataKey": "q8ZtLw7Kx2rBv8NdYh3M4f9Qe1Zt7LwK" } }""", "q8ZtLw7Kx2rBv8NdYh3M4f9Qe1Zt7LwK" },
        { "CMP1002", "/0/appsettings.json", """{ "Jwt": { "Key": "Vb3Nm8Rt5Yc1Hd6Gf0Sa" } }""", "Vb3Nm8Rt5Yc1Hd6Gf0Sa" },
        { "CMP1002", "/0/appsettings.json", "{ \"Signing\": { \"Pem\": \"-----BEGIN PRIVATE KEY-----\\n" + PemBody + "\\n-----END PRIVATE KEY-----\" } }", PemBody },
        { "CMP1002", "/0/Properties/launchSettings.json", """{ "profiles": { "Clinic": { "environmentVariables": { "Stripe__SecretKey": "Tq5Yc1Hd6Gf0Sa9Jk4Zp" } } } }""", "Tq5Yc1Hd6Gf0Sa9Jk4Zp" },
        { "CMP1002", "/0/web.config", """<configuration><connectionStrings><add name="Clinic" connectionString="Server=db;User Id=app;Password=Xw2Lq7#Vb3" /></connectionStrings></configuration>""", "Xw2Lq7#Vb3" },
        { "CMP1003", "/0/Secrets.cs", """class Secrets { const string ApiKey = "a8ZtQ4wLx9Rv2Nb7Kp3M"; }""", "a8ZtQ4wLx9Rv2Nb7Kp3M" },
        { "CMP1003", "/0/Secrets.cs", """class Secrets { string Other = "sk_live_51Hc8rQGmZtV7sYk2LxW9pN4e"; }""", "sk_live_51Hc8rQGmZtV7sYk2LxW9pN4e" },
        { "CMP1003", "/0/Secrets.cs", """class Secrets { string Db = "Server=db;Database=app;User Id=app;Password=Qz7#vR2!pKw"; }""", "Qz7#vR2!pKw" },
        { "CMP1003", "/0/Secrets.cs", """class Secrets { string Url = "https://svc:Pq9zT4wXr@api.partner.net/v1"; }""", "Pq9zT4wXr" },
        { "CMP1003", "/0/Secrets.cs", "class Secrets { const string SigningPem = \"-----BEGIN RSA PRIVATE KEY-----\\n" + PemBody + "\\n-----END RSA PRIVATE KEY-----\"; }", PemBody },
        {
            "CMP1003", "/0/Jwt.cs",
            """
            using System.Text;
            using System.Security.Cryptography;
            class Jwt { byte[] Sign(byte[] data) { using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes("Lq7Vb3Nm8Rt5Yc1Hd6Gf")); return hmac.ComputeHash(data); } }
            """,
            "Lq7Vb3Nm8Rt5Yc1Hd6Gf"
        },
        {
            "CMP1004", "/0/Login.cs",
            """
            using Microsoft.Extensions.Logging;
            class Login { void M(ILogger logger) { var password = "Qz7#vR2!pKw"; logger.LogInformation("Signing in with {Password}", password); } }
            """,
            "Qz7#vR2!pKw"
        },
        {
            "CMP5001", "/0/Auth.cs",
            """
            class Options { public string? Authority { get; set; } public System.Uri? BaseAddress { get; set; } }
            class Setup
            {
                void M(Options o)
                {
                    o.Authority = "http://admin:Xy7Qp2Lm@login.clinic.example.org/";
                    o.BaseAddress = new System.Uri("http://lab.example.org/api?sig=Zp9Xw2Lq7Vb3Nm8Rt5Yc1Hd6");
                }
            }
            """,
            "Xy7Qp2Lm Zp9Xw2Lq7Vb3Nm8Rt5Yc1Hd6"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task NoMessage_ContainsAnyPartOfTheSecret(string rule, string path, string content, string secrets)
    {
        var diagnostics = await AnalyzeAsync(path, content);

        Assert.Contains(diagnostics, d => d.Id == rule);
        foreach (var diagnostic in diagnostics.Where(static d => d.Id.StartsWith("CMP", StringComparison.Ordinal)))
        {
            var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
            foreach (var secret in secrets.Split(' '))
            {
                for (var start = 0; start + 3 <= secret.Length; start++)
                {
                    var part = secret.Substring(start, 3);
                    Assert.False(message.Contains(part, StringComparison.Ordinal), $"{diagnostic.Id} shows '{part}' of the secret: {message}");
                }
            }
        }
    }

    [Fact]
    public async Task Messages_StillSayWhatWasFound_AndWhere()
    {
        var json = await AnalyzeAsync("/0/appsettings.json", """{ "ConnectionStrings": { "Db": "Server=db;Password=Qz7#vR2!pKw" }, "Encryption": { "DataKey": "q8ZtLw7Kx2rBv8NdYh3M4f9Qe1Zt7LwK" } }""");
        Assert.Contains(json, static d => d.GetMessage(CultureInfo.InvariantCulture).StartsWith("'ConnectionStrings:Db' in appsettings.json holds a connection string with Password;", StringComparison.Ordinal));
        Assert.Contains(json, static d => d.GetMessage(CultureInfo.InvariantCulture).StartsWith("'Encryption:DataKey' in appsettings.json holds a random-looking key (4.6 bits of entropy per character);", StringComparison.Ordinal));

        var code = await AnalyzeAsync("/0/Secrets.cs", """class Secrets { string Stripe = "sk_live_51Hc8rQGmZtV7sYk2LxW9pN4e"; }""");
        Assert.Contains(code, static d => d.GetMessage(CultureInfo.InvariantCulture).StartsWith("'Stripe' is a hard-coded secret (a Stripe secret key);", StringComparison.Ordinal));
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string path, string content)
    {
        var isSource = path.EndsWith(".cs", StringComparison.Ordinal);
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText("class Program { }", path: "/0/Program.cs") };
        if (isSource)
        {
            trees.Add(CSharpSyntaxTree.ParseText(content, new CSharpParseOptions(LanguageVersion.Latest), path));
        }

        var compilation = CSharpCompilation.Create(
            "Clinic",
            trees,
            ReferenceAssemblies.For(ReferenceSet.AspNetCoreWithRuntime),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var additionalFiles = isSource ? ImmutableArray<AdditionalText>.Empty : [new InMemoryAdditionalText(path, content)];
        return await compilation.WithAnalyzers(Catalog.Analyzers, new AnalyzerOptions(additionalFiles)).GetAnalyzerDiagnosticsAsync();
    }

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
