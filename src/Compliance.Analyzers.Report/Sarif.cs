using System.Text.Json;

namespace Compliance.Analyzers.Report;

/// <summary>A rule of the SARIF run: its title, help link and custom tags (the HIPAA and SOC 2 control ids).</summary>
internal sealed record SarifRule(string Id, string Title, string? HelpUri, IReadOnlyList<string> Tags);

/// <summary>One result of the SARIF run.</summary>
internal sealed record SarifResult(
    string RuleId,
    string Level,
    string Message,
    string? Uri,
    int Line,
    int Column,
    IReadOnlyDictionary<string, string> Properties,
    bool Suppressed,
    string? SuppressionKind,
    string? Justification);

/// <summary>Reads the compiler's SARIF 2.1 error log (the <c>ErrorLog</c> MSBuild property).</summary>
internal static class Sarif
{
    public static (IReadOnlyDictionary<string, SarifRule> Rules, IReadOnlyList<SarifResult> Results) Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var version = root.TryGetProperty("version", out var v) ? v.GetString() : null;
        if (version is null || !version.StartsWith("2.1", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path} is a SARIF {version ?? "(unknown)"} log; the compliance report needs SARIF 2.1 (ErrorLog=<file>,version=2.1).");
        }

        var rules = new Dictionary<string, SarifRule>(StringComparer.Ordinal);
        var results = new List<SarifResult>();
        foreach (var run in root.GetProperty("runs").EnumerateArray())
        {
            if (run.TryGetProperty("tool", out var tool) && tool.TryGetProperty("driver", out var driver) && driver.TryGetProperty("rules", out var ruleArray))
            {
                foreach (var rule in ruleArray.EnumerateArray())
                {
                    var id = rule.GetProperty("id").GetString()!;
                    var tags = new List<string>();
                    if (rule.TryGetProperty("properties", out var properties) && properties.TryGetProperty("tags", out var tagArray))
                    {
                        tags.AddRange(tagArray.EnumerateArray().Select(static t => t.GetString()!));
                    }

                    rules[id] = new SarifRule(id, Text(rule, "shortDescription") ?? id, rule.TryGetProperty("helpUri", out var help) ? help.GetString() : null, tags);
                }
            }

            if (!run.TryGetProperty("results", out var resultArray))
            {
                continue;
            }

            foreach (var result in resultArray.EnumerateArray())
            {
                results.Add(ReadResult(result));
            }
        }

        return (rules, results);
    }

    private static SarifResult ReadResult(JsonElement result)
    {
        string? uri = null;
        int line = 0, column = 0;
        if (result.TryGetProperty("locations", out var locations) && locations.GetArrayLength() > 0
            && locations[0].TryGetProperty("physicalLocation", out var physical))
        {
            if (physical.TryGetProperty("artifactLocation", out var artifact) && artifact.TryGetProperty("uri", out var u))
            {
                uri = u.GetString();
            }

            if (physical.TryGetProperty("region", out var region))
            {
                line = region.TryGetProperty("startLine", out var l) ? l.GetInt32() : 0;
                column = region.TryGetProperty("startColumn", out var c) ? c.GetInt32() : 0;
            }
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (result.TryGetProperty("properties", out var bag) && bag.TryGetProperty("customProperties", out var custom))
        {
            foreach (var property in custom.EnumerateObject())
            {
                properties[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        var suppressed = false;
        string? kind = null;
        string? justification = null;
        if (result.TryGetProperty("suppressions", out var suppressions))
        {
            foreach (var suppression in suppressions.EnumerateArray())
            {
                suppressed = true;
                kind ??= suppression.TryGetProperty("properties", out var p) && p.TryGetProperty("suppressionType", out var type) ? type.GetString() : suppression.TryGetProperty("kind", out var k) ? k.GetString() : null;
                if (suppression.TryGetProperty("justification", out var j) && !string.IsNullOrWhiteSpace(j.GetString()))
                {
                    justification ??= j.GetString();
                }
            }
        }

        return new SarifResult(
            result.GetProperty("ruleId").GetString()!,
            result.TryGetProperty("level", out var level) ? level.GetString()! : "warning",
            Text(result, "message") ?? "",
            uri,
            line,
            column,
            properties,
            suppressed,
            kind,
            justification);
    }

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.TryGetProperty("text", out var text) ? text.GetString() : null;
}
