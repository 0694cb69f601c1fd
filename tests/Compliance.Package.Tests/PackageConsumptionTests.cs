using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Compliance.Package.Tests;

/// <summary>The packed analyzers, consumed from a local feed by a fresh web project, as a user would.</summary>
[Collection(PackagesCollection.Name)]
public sealed partial class PackageConsumptionTests(PackagedAppFixture fixture)
{
    [Fact]
    public async Task Build_ReportsCookieWarnings_WithIdsAndLocations()
    {
        var app = await fixture.CreateAppAsync("CookieApp", PackagedAppFixture.InsecureCookieEndpoint);
        await File.WriteAllTextAsync(Path.Combine(app, "appsettings.json"), """
            {
              "Logging": { "LogLevel": { "Default": "Information" } },
              "AllowedHosts": "*",
              "Stripe": { "SecretKey": "sk_live_51Hc8rQGmZtV7sYk2LxW9pN4e" },
              "ConnectionStrings": { "Clinic": "Host=db.internal;Database=clinic;Username=app;Password=Pr0d-Db-9vQ2xL7k" }
            }
            """);

        var build = await fixture.BuildAsync(app);

        Assert.True(build.ExitCode == 0, build.ToString());
        foreach (var id in new[] { "CMP4001", "CMP4002", "CMP4003" })
        {
            Assert.Matches(new Regex($@"Program\.cs\(\d+,\d+\): warning {id}:"), build.Output);
        }

        // The package hands appsettings.json to the analyzers: the secret is reported at its value.
        Assert.Matches(new Regex(@"appsettings\.json\(4,\d+\): warning CMP1002: 'Stripe:SecretKey'"), build.Output);
        Assert.Matches(new Regex(@"appsettings\.json\(5,\d+\): warning CMP1002: 'ConnectionStrings:Clinic'"), build.Output);
        Assert.DoesNotContain("51Hc8rQG", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Pr0d-Db", build.Output, StringComparison.Ordinal);

        // With CI=true the same diagnostics are errors and the build fails, those reported on
        // configuration files included; Azure Pipelines' TF_BUILD=True enforces the same way.
        var ci = await fixture.BuildAsync(app, ci: true, "--no-incremental");
        Assert.NotEqual(0, ci.ExitCode);
        Assert.Matches(new Regex(@"Program\.cs\(\d+,\d+\): error CMP4001:"), ci.Output);
        Assert.Matches(new Regex(@"appsettings\.json\(4,\d+\): error CMP1002:"), ci.Output);
        Assert.Matches(new Regex(@"appsettings\.json\(5,\d+\): error CMP1002: 'ConnectionStrings:Clinic'"), ci.Output);

        var azurePipelines = await fixture.BuildAsync(app, fixture.Environment(variables: new Dictionary<string, string> { ["TF_BUILD"] = "True" }), "--no-incremental");
        Assert.NotEqual(0, azurePipelines.ExitCode);
        Assert.Matches(new Regex(@"appsettings\.json\(5,\d+\): error CMP1002: 'ConnectionStrings:Clinic'"), azurePipelines.Output);
        Assert.Matches(new Regex(@"Program\.cs\(\d+,\d+\): error CMP4001:"), azurePipelines.Output);

        // A project can opt out of enforcement explicitly, even in CI.
        var optOut = await fixture.BuildAsync(app, ci: true, "--no-incremental", "-p:ComplianceEnforce=false");
        Assert.True(optOut.ExitCode == 0, optOut.ToString());
        Assert.Contains("warning CMP4001", optOut.Output, StringComparison.Ordinal);

        // SARIF from the compiler carries the HIPAA and SOC 2 control ids.
        var sarif = Path.Combine(app, "compliance.sarif");
        var logged = await fixture.BuildAsync(app, ci: false, "--no-incremental", $"-p:ErrorLog={sarif}%2Cversion=2.1");
        Assert.True(logged.ExitCode == 0, logged.ToString());
        var log = await File.ReadAllTextAsync(sarif);
        Assert.Contains("\"CMP4002\"", log, StringComparison.Ordinal);
        Assert.Contains("HIPAA:164.312(e)(1)", log, StringComparison.Ordinal);
        Assert.Contains("SOC2:CC6.7", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DotnetFormat_AppliesTheCookieFixes_AndTheNextBuildIsClean()
    {
        var app = await fixture.CreateAppAsync("FormatApp", PackagedAppFixture.InsecureCookieEndpoint);

        var format = await ProcessRunner.RunAsync(app, fixture.Environment(), "dotnet", "format", "analyzers", "--diagnostics", "CMP4001", "CMP4002", "CMP4003", "--severity", "warn", "--no-restore");
        Assert.True(format.ExitCode == 0, format.ToString());

        var program = await File.ReadAllTextAsync(Path.Combine(app, "Program.cs"));
        Assert.Contains("new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict }", program, StringComparison.Ordinal);

        // The stock template has findings of other rules (no HSTS, no security headers), so the
        // clean build is checked for the cookie rules only; enforcement is proven by the other test.
        var build = await fixture.BuildAsync(app, ci: false, "--no-incremental");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotMatch(CookieRule(), build.Output);
    }

    [Fact]
    public async Task InformationalRules_FailCi_OnlyWhenTheProjectOptsIn()
    {
        // CMP2006 (an unclassified member named like a HIPAA identifier) is informational: a
        // developer never sees it in a local build, so CI does not fail on it by surprise.
        var app = await fixture.CreateAppAsync("InformationalApp", "", "webapi", "Compliance.Runtime");
        await File.WriteAllTextAsync(Path.Combine(app, "PatientRecord.cs"), PackagedAppFixture.UnclassifiedIdentifierModel);

        var ci = await fixture.BuildAsync(app, ci: true, "--no-incremental");
        Assert.DoesNotContain("CMP2006", ci.Output, StringComparison.Ordinal);

        var optedIn = await fixture.BuildAsync(app, ci: true, "--no-incremental", "-p:ComplianceEnforceInformational=true");
        Assert.NotEqual(0, optedIn.ExitCode);
        Assert.Matches(new Regex(@"PatientRecord\.cs\(7,\d+\): error CMP2006:"), optedIn.Output);
    }

    [Fact]
    public void EveryShippedPackage_CarriesItsMetadata()
    {
        var packages = Directory.GetFiles(fixture.Feed, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            PackagedAppFixture.ShippedPackages.Select(id => $"{id}.{fixture.Version}.nupkg").Order(StringComparer.Ordinal),
            packages);

        foreach (var id in PackagedAppFixture.ShippedPackages)
        {
            using var package = ZipFile.OpenRead(Path.Combine(fixture.Feed, $"{id}.{fixture.Version}.nupkg"));
            var metadata = fixture.ReadNuspecMetadata(package);
            string Field(string name) => metadata.Element(metadata.Name.Namespace + name)?.Value ?? "";

            Assert.False(string.IsNullOrWhiteSpace(Field("description")), id);
            Assert.Equal("MIT", Field("license"));
            Assert.Equal("icon.png", Field("icon"));
            Assert.Equal("README.md", Field("readme"));
            Assert.NotNull(package.GetEntry("icon.png"));
            Assert.NotNull(package.GetEntry("README.md"));
            Assert.Contains("hipaa", Field("tags"), StringComparison.Ordinal);
            Assert.StartsWith("https://", Field("projectUrl"), StringComparison.Ordinal);
            var repository = metadata.Element(metadata.Name.Namespace + "repository");
            Assert.Equal(Field("projectUrl"), repository?.Attribute("url")?.Value);
            Assert.Equal(id == "Compliance.Analyzers" ? "true" : "", Field("developmentDependency"));
        }
    }

    [Fact]
    public async Task RuntimePackagesAndTheVerifierTool_InstallFromTheLocalFeed()
    {
        // Only the local feed and the default source are configured: what the README tells a user.
        var app = await fixture.CreateAppAsync("RuntimeApp", "", "webapi", "Compliance.Runtime", "Compliance.Runtime.EntityFrameworkCore", "Compliance.Runtime.Sqlite");
        var build = await fixture.BuildAsync(app, ci: false);
        Assert.True(build.ExitCode == 0, build.ToString());

        var tools = Path.Combine(fixture.Root, "tools");
        var install = await ProcessRunner.RunAsync(fixture.Root, fixture.Environment(), "dotnet", "tool", "install", "Compliance.AuditVerify", "--version", fixture.Version, "--tool-path", tools);
        Assert.True(install.ExitCode == 0, install.ToString());

        var verifier = await ProcessRunner.RunAsync(fixture.Root, fixture.Environment(), Path.Combine(tools, "compliance-audit-verify"), "--help");
        Assert.Equal(2, verifier.ExitCode);
        Assert.Contains("compliance-audit-verify", verifier.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AControlWithoutAddCompliance_BuildsWithCmp3007_AndTheApplicationRefusesToStart()
    {
        // A new user's app after the analyzers' code fix added .RateLimited(), but without the
        // registration: the package's build targets declare the runtime's hosting startup in the
        // application assembly, so the start fails instead of serving the endpoint unlimited.
        var app = await fixture.CreateAppAsync("UnwiredApp", "app.MapGet(\"/limited\", () => \"ok\").RateLimited(RateLimitTier.Standard);\n", "webapi", "Compliance.Runtime");
        var programFile = Path.Combine(app, "Program.cs");
        await File.WriteAllTextAsync(programFile, "using Compliance.Runtime;\n" + await File.ReadAllTextAsync(programFile));

        var build = await fixture.BuildAsync(app);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("warning CMP3007", build.Output, StringComparison.Ordinal);

        var run = await RunUntilExitAsync(app);
        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("HTTP: GET /limited: [RateLimited] needs builder.Services.AddCompliance().AddRateLimiting() and app.UseCompliance()", run.Output, StringComparison.Ordinal);
        Assert.Contains("never calls builder.Services.AddCompliance()", run.Output, StringComparison.Ordinal);
        Assert.Contains("docs/runtime/wiring.md", run.Output, StringComparison.Ordinal);

        // Opting out removes the startup check: the app starts, and the convention's own check
        // refuses the request instead (HTTP 500), as documented for that case.
        var optOut = await fixture.BuildAsync(app, ci: false, "-p:ComplianceStartupCheck=false");
        Assert.True(optOut.ExitCode == 0, optOut.ToString());
        await using var running = await RunningApp.StartAsync(app, fixture.Environment());
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(running.Address, "/limited"));
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.InternalServerError, $"{response.StatusCode}\n{running.Output}");
    }

    /// <summary><c>dotnet run</c> of an app expected to stop on its own; bounded so a start that succeeds fails the test instead of hanging it.</summary>
    private Task<ProcessResult> RunUntilExitAsync(string app)
        => ProcessRunner.RunAsync(app, fixture.Environment(), TimeSpan.FromSeconds(90), "dotnet", "run", "--no-build", "--no-launch-profile", "--urls", "http://127.0.0.1:0");

    [GeneratedRegex(@"CMP400[123]")]
    private static partial Regex CookieRule();
}
