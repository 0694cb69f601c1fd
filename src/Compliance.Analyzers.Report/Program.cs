using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Compliance.Analyzers.Report;

// compliance-report --sarif <compiler SARIF 2.1 log> --output <directory> --project <name> [--project-dir <directory>]
// Writes <output>/compliance-report.json and <output>/compliance-report.html.
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}

if (!options.TryGetValue("--sarif", out var sarif) || !options.TryGetValue("--output", out var output))
{
    Console.Error.WriteLine("usage: compliance-report --sarif <log.sarif> --output <directory> [--project <name>] [--project-dir <directory>]");
    return 2;
}

if (!File.Exists(sarif))
{
    Console.Error.WriteLine($"compliance-report: error: the SARIF log {sarif} does not exist; was the project compiled with ComplianceReport=true?");
    return 1;
}

try
{
    var (rules, results) = Sarif.Read(sarif);
    var project = options.GetValueOrDefault("--project") ?? Path.GetFileNameWithoutExtension(sarif);
    var projectDirectory = Path.GetFullPath(options.GetValueOrDefault("--project-dir") ?? Directory.GetCurrentDirectory());
    var version = typeof(ReportBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
    var report = ReportBuilder.Build(project, projectDirectory, rules, results, DateTimeOffset.UtcNow, version);

    Directory.CreateDirectory(output);
    var json = Path.Combine(output, "compliance-report.json");
    var html = Path.Combine(output, "compliance-report.html");
    File.WriteAllText(json, JsonSerializer.Serialize(report, ReportJson.Options));
    File.WriteAllText(html, HtmlReport.Render(report));
    Console.WriteLine($"compliance-report: {report.Totals.Endpoints} endpoints, {report.Totals.ClassifiedMembers} classified members, {report.Totals.Findings} open findings -> {json}, {html}");
    return 0;
}
catch (Exception e) when (e is InvalidDataException or JsonException or IOException or KeyNotFoundException or InvalidOperationException)
{
    Console.Error.WriteLine($"compliance-report: error: {e.Message}");
    return 1;
}

namespace Compliance.Analyzers.Report
{
    internal static class ReportJson
    {
        public static readonly JsonSerializerOptions Options = new()
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
    }
}
