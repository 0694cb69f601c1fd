using Compliance.Analyzers.Tests.Verifiers;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Secrets.ConfigurationSecretAnalyzer>;

namespace Compliance.Analyzers.Tests.Secrets;

public sealed class ConfigurationSecretAnalyzerTests
{
    private const string Public = "CMP1001";
    private const string Committed = "CMP1002";

    private static Task VerifyAsync(string path, string json, params DiagnosticResult[] expected)
    {
        var test = new VerifyCS.Test
        {
            TestState = { Sources = { "class Program { }" }, AdditionalFiles = { (path, json) } },
        };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public async Task WwwrootClientSecret_IsAnError_AtTheExactValue()
    {
        await VerifyAsync(
            "/0/wwwroot/appsettings.json",
            """
            {
              "Authentication": { "Google": { "ClientSecret": "{|#0:GOCSPX-4f9Qe1Zt7LwKx2rBv8Nd|}" } }
            }
            """,
            VerifyCS.Diagnostic(Public).WithLocation(0).WithArguments("Authentication:Google:ClientSecret", "wwwroot/appsettings.json", "a value under a secret's name"));
    }

    [Fact]
    public async Task WwwrootKnownFormat_UnderAnyName_IsAnError()
    {
        await VerifyAsync(
            "/0/wwwroot/config/app.json",
            """{ "Payments": { "Publishable": "{|#0:sk_live_51Hc8rQGmZtV7sYk2LxW9pN4e|}" } }""",
            VerifyCS.Diagnostic(Public).WithLocation(0).WithArguments("Payments:Publishable", "wwwroot/config/app.json", "a Stripe secret key"));
    }

    [Fact]
    public async Task CommittedAppSettings_AreWarnings_NamingThePathAndWhereItBelongs()
    {
        await VerifyAsync(
            "/0/appsettings.Development.json",
            """
            {
              "ConnectionStrings": { "Db": "{|#0:Server=db;Database=app;User Id=app;Password=Winter2026!|}" },
              "Smtp": { "password": "{|#1:mail-pass-1|}", "PasswordLength": "12", "TokenEndpoint": "https://login/token" },
            }
            """,
            VerifyCS.Diagnostic(Committed).WithLocation(0).WithArguments("ConnectionStrings:Db", "appsettings.Development.json", "a connection string with Password"),
            VerifyCS.Diagnostic(Committed).WithLocation(1).WithArguments("Smtp:password", "appsettings.Development.json", "a value under a secret's name"));
    }

    [Theory]
    [InlineData("client_secret")]
    [InlineData("CLIENT-SECRET")]
    [InlineData("ApiKey")]
    [InlineData("apikey")]
    [InlineData("SigningKey")]
    [InlineData("SharedAccessKey")]
    [InlineData("Pwd")]
    public async Task SecretNames_AreRecognisedWhateverTheirCase(string name)
    {
        await VerifyAsync(
            "/0/appsettings.json",
            $$"""{ "Service": { "{{name}}": "{|#0:q8Zt7LwKx2rB|}" } }""",
            VerifyCS.Diagnostic(Committed).WithLocation(0).WithArguments("Service:" + name, "appsettings.json", "a value under a secret's name"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("${STRIPE_KEY}")]
    [InlineData("#{StripeKey}#")]
    [InlineData("{{ stripe_key }}")]
    [InlineData("<your-api-key>")]
    [InlineData("%STRIPE_KEY%")]
    [InlineData("changeme")]
    [InlineData("your-secret-here")]
    [InlineData("yourWeak(!)Password")]
    [InlineData("********")]
    [InlineData("xxxxxxxxxxxx")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://clinic.vault.azure.net/secrets/stripe)")]
    [InlineData("true")]
    [InlineData("42")]
    public async Task PlaceholdersAndReferences_AreNotReported(string value)
    {
        await VerifyAsync("/0/wwwroot/appsettings.json", $$"""{ "Stripe": { "SecretKey": "{{value}}" } }""");
    }

    [Fact]
    public async Task IntegratedSecurityConnectionStrings_LoggingAndUserSecretsId_AreNotReported()
    {
        await VerifyAsync(
            "/0/appsettings.json",
            """
            {
              "Logging": { "LogLevel": { "Default": "Information" }, "Token": "not-a-real-thing-1" },
              "UserSecretsId": "2f0c4a63-8a8b-4c53-9a55-2f1a0e6d9b11",
              "ConnectionStrings": {
                "Local": "Server=(localdb)\\mssqllocaldb;Database=Clinic;Trusted_Connection=True",
                "Sspi": "Data Source=.;Initial Catalog=Clinic;Integrated Security=SSPI"
              },
              "Jwt": { "Issuer": "https://clinic.example.org", "Audience": "clinic-api" }
            }
            """);
    }

    [Fact]
    public async Task JwtKeySection_AndRandomKeys_AreReported_ButGuidsAndNaturalTextAreNot()
    {
        await VerifyAsync(
            "/0/appsettings.json",
            """
            {
              "Jwt": { "Key": "{|#0:clinic-signing-key-2026|}" },
              "Encryption": { "DataKey": "{|#1:q8ZtLw7Kx2rBv8NdYh3M4f9Qe1Zt7LwK|}", "InstrumentationKey": "2f0c4a63-8a8b-4c53-9a55-2f1a0e6d9b11" },
              "Messages": { "Password": "Your password must be at least twelve characters long" }
            }
            """,
            VerifyCS.Diagnostic(Committed).WithLocation(0).WithArguments("Jwt:Key", "appsettings.json", "a value under a secret's name"),
            VerifyCS.Diagnostic(Committed).WithLocation(1).WithArguments("Encryption:DataKey", "appsettings.json", "a random-looking key (4.6 bits of entropy per character)"));
    }

    [Fact]
    public async Task LaunchSettingsEnvironmentVariables_AreScannedByVariableName()
    {
        await VerifyAsync(
            "/0/Properties/launchSettings.json",
            """
            {
              "profiles": {
                "Clinic": {
                  "commandName": "Project",
                  "environmentVariables": {
                    "ASPNETCORE_ENVIRONMENT": "Development",
                    "Stripe__SecretKey": "{|#0:whsec_41jd7Qk2LmZp|}"
                  }
                }
              }
            }
            """,
            VerifyCS.Diagnostic(Committed).WithLocation(0).WithArguments("profiles:Clinic:environmentVariables:Stripe__SecretKey", "Properties/launchSettings.json", "a value under a secret's name"));
    }

    [Fact]
    public async Task WebConfig_AppSettingsAndConnectionStrings_AreScanned()
    {
        await VerifyAsync(
            "/0/web.config",
            """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <appSettings>
                <add key="ApiKey" value="{|#0:a8Zt7LwKx2rB99|}" />
                <add key="Theme" value="dark" />
              </appSettings>
              <connectionStrings>
                <add name="Clinic" connectionString="{|#1:Server=db;User Id=app;Password=Winter2026!|}" providerName="System.Data.SqlClient" />
              </connectionStrings>
            </configuration>
            """,
            VerifyCS.Diagnostic(Committed).WithLocation(0).WithArguments("ApiKey", "web.config", "a value under a secret's name"),
            VerifyCS.Diagnostic(Committed).WithLocation(1).WithArguments("ConnectionStrings:Clinic", "web.config", "a connection string with Password"));
    }

    [Fact]
    public async Task MalformedJson_ReportsOnlyWhatWasReadBeforeTheError_AndNeverThrows()
    {
        await VerifyAsync(
            "/0/appsettings.json",
            """
            {
              // comments and trailing commas are allowed, as in ASP.NET Core configuration
              "Smtp": { "Password": "{|#0:mail-pass-1|}", },
              "Broken": { "ApiKey": "unterminated
            """,
            VerifyCS.Diagnostic(Committed).WithLocation(0).WithArguments("Smtp:Password", "appsettings.json", "a value under a secret's name"));
        await VerifyAsync("/0/appsettings.json", "{ \"ApiKey\": ");
        await VerifyAsync("/0/appsettings.json", "not json at all { [ }");
        await VerifyAsync("/0/web.config", "<configuration><appSettings><add key=\"ApiKey\" value=\"abc");
    }

    [Fact]
    public async Task OtherJsonFiles_AreIgnored()
    {
        await VerifyAsync("/0/data/seed.json", """{ "ApiKey": "a8Zt7LwKx2rB99" }""");
        await VerifyAsync("/0/package.json", """{ "token": "a8Zt7LwKx2rB99" }""");
    }

    [Fact]
    public async Task EntropyThreshold_IsConfigurable()
    {
        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { "class Program { }" },
                AdditionalFiles = { ("/0/appsettings.json", """{ "Encryption": { "DataKey": "q8ZtLw7Kx2rBv8NdYh3M4f9Qe1Zt7LwK" } }""") },
            },
            EditorConfig = "compliance.secrets.entropy_threshold = 7.5",
        }.RunAsync();
    }
}
