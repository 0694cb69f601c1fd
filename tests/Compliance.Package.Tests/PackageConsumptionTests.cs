using System.Text.RegularExpressions;

namespace Compliance.Package.Tests;

/// <summary>The packed analyzers, consumed from a local feed by a fresh web project, as a user would.</summary>
public sealed partial class PackageConsumptionTests(PackagedAppFixture fixture) : IClassFixture<PackagedAppFixture>
{
    [Fact]
    public async Task Build_ReportsCookieWarnings_WithIdsAndLocations()
    {
        var app = await fixture.CreateAppAsync("CookieApp", PackagedAppFixture.InsecureCookieEndpoint);
        await File.WriteAllTextAsync(Path.Combine(app, "appsettings.json"), """
            {
              "Logging": { "LogLevel": { "Default": "Information" } },
              "AllowedHosts": "*",
              "Stripe": { "SecretKey": "sk_live_51Hc8rQGmZtV7sYk2LxW9pN4e" }
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
        Assert.DoesNotContain("51Hc8rQG", build.Output, StringComparison.Ordinal);

        // With CI=true the same diagnostics are errors and the build fails.
        var ci = await fixture.BuildAsync(app, ci: true, "--no-incremental");
        Assert.NotEqual(0, ci.ExitCode);
        Assert.Matches(new Regex(@"Program\.cs\(\d+,\d+\): error CMP4001:"), ci.Output);

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

    [GeneratedRegex(@"CMP400[123]")]
    private static partial Regex CookieRule();
}
