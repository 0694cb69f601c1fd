using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Compliance.Package.Tests;

/// <summary>
/// The compliance report as a user of the NuGet package gets it: the report tool and the targets
/// that run it come from the packed Compliance.Analyzers package, never from this repository.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class PackagedComplianceReportTests(PackagedAppFixture fixture)
{
    /// <summary>A PHI member and a justified suppression, so every section of the report has a row.</summary>
    private const string PatientModel = """
        using Compliance.Runtime;

        namespace Models;

        public sealed class Patient
        {
            public int Id { get; set; }

            [Phi] public string Diagnosis { get; set; } = "";
        }

        public static class Fixtures
        {
        #pragma warning disable CMP1003 // Test data only, never deployed.
            public const string ApiKey = "sk_live_51Hc8rQGmZtV7sYk2LxW9pN4e";
        #pragma warning restore CMP1003
        }

        """;

    [Fact]
    public async Task ReportSwitch_WritesBothFiles_FromThePackagedTool_AndTheJsonValidates_WhileANormalBuildWritesNone()
    {
        var app = await fixture.CreateAppAsync("ReportApp", PackagedAppFixture.InsecureCookieEndpoint, "webapi", "Compliance.Runtime");
        await File.WriteAllTextAsync(Path.Combine(app, "Patient.cs"), PatientModel);
        var output = Path.Combine(app, "bin", "Debug", "net10.0");
        var json = Path.Combine(output, "compliance-report.json");
        var html = Path.Combine(output, "compliance-report.html");

        // Switch off: no report, and the compiler's own log shows no inventory diagnostic at all
        // (the inventory analyzers register nothing, so they cost nothing either).
        var normalSarif = Path.Combine(app, "normal.sarif");
        var normal = await fixture.BuildAsync(app, ci: false, $"-p:ErrorLog={normalSarif}%2Cversion=2.1");
        Assert.True(normal.ExitCode == 0, normal.ToString());
        Assert.False(File.Exists(json), "A build without the switch wrote compliance-report.json.");
        Assert.False(File.Exists(html), "A build without the switch wrote compliance-report.html.");
        Assert.Empty(Directory.GetFiles(app, "compliance-report.*", SearchOption.AllDirectories));
        Assert.DoesNotContain("CMP910", normal.Output, StringComparison.Ordinal);
        // The log's rule metadata lists every supported id; its results are what was reported.
        var reported = ReportedRuleIds(await File.ReadAllTextAsync(normalSarif));
        Assert.Contains("CMP4001", reported);
        Assert.DoesNotContain(reported, static id => id.StartsWith("CMP910", StringComparison.Ordinal));

        // Switch on: both files next to the output, written by the tool inside the package.
        var report = await fixture.BuildAsync(app, ci: false, "-p:ComplianceReport=true");
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.True(File.Exists(json) && File.Exists(html), "The build wrote no report:\n" + report);
        Assert.DoesNotContain("warning CMP910", report.Output, StringComparison.Ordinal);
        var tool = Path.Combine(fixture.Root, "nuget-cache", "compliance.analyzers", fixture.Version.ToLowerInvariant(), "tools", "net10.0", "Compliance.Analyzers.Report.dll");
        Assert.True(File.Exists(tool), "The package has no report tool at " + tool);

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var result = SampleReports.Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(static d => d.Errors is { Count: > 0 }).Select(static d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")));

        var facts = JsonNode.Parse(await File.ReadAllTextAsync(json))!;
        Assert.Equal("build", (string?)facts["source"]);
        Assert.Equal("ReportApp", (string?)facts["project"]);
        Assert.Contains(facts["endpoints"]!.AsArray(), static e => (string?)e!["route"] == "/remember");
        Assert.Contains(facts["classifiedMembers"]!.AsArray(), static m => (string?)m!["member"] == "Diagnosis" && (bool)m["encrypted"]! == false);
        var suppression = Assert.Single(facts["suppressions"]!.AsArray());
        Assert.True((bool)suppression!["justified"]!);
        Assert.Contains(facts["findings"]!.AsArray(), static f => (string?)f!["ruleId"] == "CMP4001");

        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("ReportApp", page, StringComparison.Ordinal);
        Assert.Contains("/remember", page, StringComparison.Ordinal);
    }

    private static List<string> ReportedRuleIds(string sarif)
    {
        using var log = JsonDocument.Parse(sarif);
        return log.RootElement.GetProperty("runs").EnumerateArray()
            .SelectMany(static run => run.TryGetProperty("results", out var results) ? results.EnumerateArray().ToList() : [])
            .Select(static result => result.GetProperty("ruleId").GetString() ?? "")
            .ToList();
    }
}
