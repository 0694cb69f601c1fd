using System.Text.Json;
using System.Text.Json.Nodes;
using Compliance.Package.Tests.Browser;
using Json.Schema;
using Xunit.Abstractions;

namespace Compliance.Package.Tests;

/// <summary>
/// The compliance report of the two samples, built exactly as the README says
/// (<c>dotnet build samples/&lt;name&gt; -p:ComplianceReport=true</c>): the JSON validates against the
/// published schema, the HTML renders in a real browser with the same counts, and Clinic.Api's
/// running endpoints agree with what its build reported, while a deliberate difference is reported.
/// </summary>
[Collection(SampleReports.Name)]
public sealed class ComplianceReportTests(SampleReports samples, ITestOutputHelper output)
{
    [Theory]
    [InlineData("Clinic.Legacy")]
    [InlineData("Clinic.Api")]
    public async Task SampleReport_ValidatesAgainstThePublishedSchema(string sample)
    {
        var report = await samples.ReportAsync(sample);
        var schema = SampleReports.Schema.Value;
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(report.Json));

        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(static d => d.Errors is { Count: > 0 }).Select(static d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")));
    }

    [Fact]
    public async Task TheSchema_RejectsAReportThatBreaksIt()
    {
        var report = await samples.ReportAsync("Clinic.Api");
        var schema = SampleReports.Schema.Value;
        var broken = JsonNode.Parse(await File.ReadAllTextAsync(report.Json))!;
        broken["endpoints"]![0]!["controls"]!["audit"]!["state"] = "sometimes";

        Assert.False(schema.Evaluate(JsonDocument.Parse(broken.ToJsonString()).RootElement).IsValid);
    }

    [Fact]
    public async Task LegacyReport_ListsEveryFactTheBuildShows()
    {
        var report = JsonNode.Parse(await File.ReadAllTextAsync((await samples.ReportAsync("Clinic.Legacy")).Json))!;

        // Every open finding carries its controls; the unexplained pragma of PaymentsClient.cs is listed with the finding it hides.
        Assert.NotEmpty(report["endpoints"]!.AsArray());
        Assert.Contains(report["endpoints"]!.AsArray(), static e => (string?)e!["controls"]!["audit"]!["status"] == "missing");
        Assert.Contains(report["classifiedMembers"]!.AsArray(), static m => (bool)m!["encrypted"]! == false && m["persistedIn"] is not null);
        var suppression = Assert.Single(report["suppressions"]!.AsArray());
        Assert.False((bool)suppression!["justified"]!);
        Assert.Equal(1, (int)suppression["suppressedFindings"]!);
        Assert.Contains(report["findings"]!.AsArray(), static f => (bool)f!["suppressed"]! && (string?)f["ruleId"] == "CMP1003");
        Assert.True((int)report["totals"]!["byHipaaSection"]!["164.312(b)"]! > 0);
        Assert.True((int)report["totals"]!["bySoc2Criterion"]!["CC7.2"]! > 0);
    }

    [ChromiumFact]
    public async Task SampleReports_RenderInChromium_WithTheCountsOfTheJson()
    {
        Assert.True(ChromiumBrowser.FindExecutable() is not null, "Chromium is required when CI=true: apt-get install -y --no-upgrade chromium");
        await using var browser = await ChromiumBrowser.LaunchAsync();
        foreach (var sample in new[] { "Clinic.Legacy", "Clinic.Api" })
        {
            var report = await samples.ReportAsync(sample);
            var json = JsonNode.Parse(await File.ReadAllTextAsync(report.Json))!;
            var page = await browser.LoadAsync(new Uri(report.Html).AbsoluteUri);
            Assert.DoesNotContain(page.Messages, static m => m.Level == "error");

            Assert.Equal(json["endpoints"]!.AsArray().Count, await CountAsync(browser, "#endpoints tbody tr"));
            Assert.Equal(json["findings"]!.AsArray().Count, await CountAsync(browser, "#findings tbody tr"));
            Assert.Equal(json["classifiedMembers"]!.AsArray().Count, await CountAsync(browser, "#members tbody tr"));
            Assert.Equal(json["suppressions"]!.AsArray().Count, await CountAsync(browser, "#suppressions tbody tr"));
            Assert.Equal(json["totals"]!["byHipaaSection"]!.AsObject().Count, await CountAsync(browser, "#hipaa-totals tbody tr"));
            Assert.Equal(6 * json["endpoints"]!.AsArray().Count, await CountAsync(browser, "#endpoints td[data-control]"));
            var missing = json["endpoints"]!.AsArray().Sum(static e => e!["controls"]!.AsObject().Count(static c => (string?)c.Value!["status"] == "missing"));
            Assert.Equal(missing, await CountAsync(browser, "#endpoints td.missing"));

            // The filters and sorting work: only suppressed findings, then endpoints sorted by route.
            var suppressed = json["findings"]!.AsArray().Count(static f => (bool)f!["suppressed"]!);
            var shown = await browser.EvaluateAsync("(() => { const s = document.getElementById('finding-state'); s.value = 'suppressed'; s.dispatchEvent(new Event('change')); return document.querySelectorAll('#findings tbody tr:not(.hidden)').length; })()");
            Assert.Equal(suppressed, shown.GetInt32());
            var sorted = await browser.EvaluateAsync("(() => { document.querySelectorAll('#endpoints th')[1].click(); const r = [...document.querySelectorAll('#endpoints tbody tr')].map(t => t.cells[1].textContent); return JSON.stringify(r) === JSON.stringify([...r].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' }))); })()");
            Assert.True(sorted.GetBoolean());
            await browser.EvaluateAsync("(() => { const s = document.getElementById('finding-state'); s.value = ''; s.dispatchEvent(new Event('change')); return 0; })()");

            // No external asset: the page works offline.
            var external = await browser.EvaluateAsync("[...document.querySelectorAll('link[href],script[src],img[src]')].length");
            Assert.Equal(0, external.GetInt32());

            var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
            Directory.CreateDirectory(artifacts);
            var screenshot = Path.Combine(artifacts, sample + ".compliance-report.png");
            await File.WriteAllBytesAsync(screenshot, await browser.ScreenshotAsync());
            var pdf = await browser.PrintToPdfAsync();
            Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
            await File.WriteAllBytesAsync(Path.Combine(artifacts, sample + ".compliance-report.pdf"), pdf);
            output.WriteLine($"{sample}: screenshot {screenshot}");
        }
    }

    [Fact]
    public async Task ClinicApi_RunningEndpoints_AgreeWithTheBuildReport_AndADeliberateDifferenceIsReported()
    {
        var report = await samples.ReportAsync("Clinic.Api");
        var environment = new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
        var project = Path.Combine(SampleReports.RepositoryRoot, "samples", "Clinic.Api");

        await using (var app = await RunningApp.StartAsync(project, environment))
        {
            await WaitForAsync(app, "Compliance inventory");
            Assert.Contains("agree with the build report", app.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("differs from the build report", app.Output, StringComparison.Ordinal);

            // The auditor's endpoint is never anonymous.
            using var http = new HttpClient();
            var anonymous = await http.GetAsync(new Uri(app.Address, "/compliance/inventory"));
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        // The build claims an endpoint is not audited while the application audits it.
        var original = await File.ReadAllTextAsync(report.Json);
        try
        {
            var claimed = JsonNode.Parse(original)!;
            var endpoint = claimed["endpoints"]!.AsArray().First(static e => (string?)e!["controls"]!["audit"]!["state"] == "audited")!;
            endpoint["controls"]!["audit"]!["state"] = "none";
            await File.WriteAllTextAsync(report.Json, claimed.ToJsonString());

            await using var app = await RunningApp.StartAsync(project, environment);
            await WaitForAsync(app, "Compliance inventory");
            Assert.Contains("differs from the build report", app.Output, StringComparison.Ordinal);
            Assert.Contains($"{(string)endpoint["key"]!}: the build reports audit 'none', the running application has 'audited'", app.Output, StringComparison.Ordinal);
        }
        finally
        {
            await File.WriteAllTextAsync(report.Json, original);
        }
    }

    private static async Task<int> CountAsync(ChromiumBrowser browser, string selector)
        => (await browser.EvaluateAsync($"document.querySelectorAll({JsonSerializer.Serialize(selector)}).length")).GetInt32();

    private static async Task WaitForAsync(RunningApp app, string text)
    {
        for (var i = 0; i < 100 && !app.Output.Contains(text, StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }
    }
}

/// <summary>Builds each sample once with <c>-p:ComplianceReport=true</c>, as the README says, for every test of the class.</summary>
public sealed class SampleReports
{
    public const string Name = "Sample compliance reports";

    private readonly Dictionary<string, Task<(string Json, string Html)>> _builds = new(StringComparer.Ordinal);

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The published schema, loaded once: JsonSchema.Net registers a schema by its $id, once per process.</summary>
    public static Lazy<JsonSchema> Schema { get; } = new(static () => JsonSchema.FromText(File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "schemas", "compliance-report.schema.json"))));

    public Task<(string Json, string Html)> ReportAsync(string sample)
    {
        lock (_builds)
        {
            if (!_builds.TryGetValue(sample, out var build))
            {
                _builds[sample] = build = BuildAsync(sample);
            }

            return build;
        }
    }

    private static async Task<(string Json, string Html)> BuildAsync(string sample)
    {
        var environment = new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["CI"] = null, ["ContinuousIntegrationBuild"] = null };
        var result = await ProcessRunner.RunAsync(RepositoryRoot, environment, TimeSpan.FromMinutes(10), "dotnet", "build", "samples/" + sample, "-p:ComplianceReport=true", "-nologo");
        Assert.True(result.ExitCode == 0, result.ToString());
        var output = Path.Combine(RepositoryRoot, "samples", sample, "bin", "Debug", "net10.0");
        var json = Path.Combine(output, "compliance-report.json");
        var html = Path.Combine(output, "compliance-report.html");
        Assert.True(File.Exists(json) && File.Exists(html), "The build wrote no report:\n" + result);
        return (json, html);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Compliance.Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Compliance.Analyzers.sln was not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(SampleReports.Name)]
public sealed class SampleReportsCollection : ICollectionFixture<SampleReports>;
