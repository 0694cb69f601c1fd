
namespace Compliance.Analyzers.Report;

/// <summary>
/// Builds the report from the SARIF log: the inventory facts (CMP9100–CMP9102) give endpoints,
/// classified members and suppressions; every other CMP result is a finding, joined to the endpoint
/// or member it was reported on by source location. Whether a control is missing is what the rules
/// reported, never decided here.
/// </summary>
internal static class ReportBuilder
{
    private const string InventoryEndpoint = "CMP9100";
    private const string InventoryMember = "CMP9101";
    private const string InventorySuppression = "CMP9102";

    /// <summary>The rules that judge each endpoint control.</summary>
    private static readonly Dictionary<string, string[]> ControlRules = new(StringComparer.Ordinal)
    {
        ["authorization"] = ["CMP3005"],
        ["audit"] = ["CMP3001"],
        ["rateLimit"] = ["CMP3002", "CMP3003"],
        ["validation"] = ["CMP3004"],
        ["csrf"] = ["CMP3006"],
        ["mfa"] = [],
    };

    public static ComplianceReport Build(
        string project,
        string projectDirectory,
        IReadOnlyDictionary<string, SarifRule> rules,
        IReadOnlyList<SarifResult> results,
        DateTimeOffset generatedAt,
        string toolVersion)
    {
        var findingResults = results
            .Where(static r => r.RuleId.StartsWith("CMP", StringComparison.Ordinal) && !r.RuleId.StartsWith("CMP91", StringComparison.Ordinal))
            .ToList();
        var byLocation = findingResults
            .Where(static r => r.Uri is not null && !r.Suppressed)
            .ToLookup(static r => (r.Uri, r.Line, r.Column));
        var applicationWithoutRateLimit = findingResults.Any(static r => r.RuleId == "CMP3002" && r.Properties.ContainsKey("Application") && !r.Suppressed);

        var endpoints = results
            .Where(static r => r.RuleId == InventoryEndpoint)
            .Select(r => Endpoint(r, byLocation[(r.Uri, r.Line, r.Column)].ToList(), applicationWithoutRateLimit, projectDirectory))
            .GroupBy(static e => (e.Key, e.Handler, e.Location?.File, e.Location?.Line, e.Location?.Column))
            .Select(static g => g.First())
            .OrderBy(static e => e.Route, StringComparer.Ordinal)
            .ThenBy(static e => string.Join(",", e.Methods), StringComparer.Ordinal)
            .ThenBy(static e => e.Handler, StringComparer.Ordinal)
            .ToList();

        var members = results
            .Where(static r => r.RuleId == InventoryMember)
            .Select(r => new ClassifiedMemberEntry(
                Get(r, "type"),
                Get(r, "member"),
                Get(r, "classification"),
                Get(r, "attribute"),
                NullIfEmpty(Get(r, "category")),
                Get(r, "encrypted") == "true",
                NullIfEmpty(Get(r, "persisted")),
                Location(r, projectDirectory),
                byLocation[(r.Uri, r.Line, r.Column)].Select(static f => f.RuleId).Distinct().Order(StringComparer.Ordinal).ToList()))
            .OrderBy(static m => m.Type, StringComparer.Ordinal)
            .ThenBy(static m => m.Member, StringComparer.Ordinal)
            .ToList();

        var pragmas = results.Where(static r => r.RuleId == InventorySuppression).ToList();
        var findings = findingResults
            .Select(r => Finding(r, rules, pragmas, projectDirectory))
            .OrderBy(static f => f.Location?.File ?? "", StringComparer.Ordinal)
            .ThenBy(static f => f.Location?.Line ?? 0)
            .ThenBy(static f => f.Location?.Column ?? 0)
            .ThenBy(static f => f.RuleId, StringComparer.Ordinal)
            .ToList();

        var suppressions = pragmas
            .Select(r =>
            {
                var justification = NullIfEmpty(Get(r, "justification"));
                var ids = Get(r, "ruleIds").Split(',', StringSplitOptions.RemoveEmptyEntries);
                var suppressed = findingResults.Count(f => f.Suppressed && ids.Contains(f.RuleId, StringComparer.OrdinalIgnoreCase) && SuppressedBy(f, pragmas) == r);
                return new SuppressionEntry(Get(r, "kind"), ids, justification, justification is not null, NullIfEmpty(Get(r, "where")), Location(r, projectDirectory), suppressed);
            })
            .OrderBy(static s => s.Location?.File ?? "", StringComparer.Ordinal)
            .ThenBy(static s => s.Location?.Line ?? 0)
            .ThenBy(static s => string.Join(",", s.RuleIds), StringComparer.Ordinal)
            .ToList();

        var active = findings.Where(static f => !f.Suppressed).ToList();
        var totals = new Totals(
            endpoints.Count,
            members.Count,
            active.Count,
            findings.Count - active.Count,
            suppressions.Count,
            suppressions.Count(static s => !s.Justified),
            Count(active.Select(static f => f.RuleId)),
            Count(active.SelectMany(static f => f.Hipaa)),
            Count(active.SelectMany(static f => f.Soc2)));

        return new ComplianceReport("1.0", "build", project, generatedAt, new ToolInfo("Compliance.Analyzers", toolVersion), endpoints, members, findings, suppressions, totals);
    }

    /// <summary>The key an endpoint is matched by between the build report and the runtime export (shared with Compliance.Runtime).</summary>
    public static string EndpointKey(IEnumerable<string> methods, string route) => Compliance.Runtime.InventoryEndpointKey.Of(methods, route);

    private static EndpointEntry Endpoint(SarifResult r, List<SarifResult> atEndpoint, bool applicationWithoutRateLimit, string projectDirectory)
    {
        var methods = Get(r, "methods").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var route = Get(r, "route");
        var phi = NullIfEmpty(Get(r, "phi"));
        var auditScopeAll = Get(r, "auditScopeAll") == "true";
        var input = Get(r, "input");
        var stateChanging = Get(r, "stateChanging") == "true";
        var authenticationTier = NullIfEmpty(Get(r, "authenticationTier"));
        var ids = atEndpoint.Select(static f => f.RuleId).Distinct().Order(StringComparer.Ordinal).ToList();

        ControlEntry Control(string name, bool required, string reason)
        {
            var state = Get(r, name);
            var reported = ids.Where(id => ControlRules[name].Contains(id)).ToList();
            if (name == "rateLimit" && applicationWithoutRateLimit && state == "none" && reported.Count == 0)
            {
                reported.Add("CMP3002");
                reason += "; the application has no rate limiting at all (CMP3002 on the application)";
            }

            var absent = state is "none" or "default";
            var status = reported.Count > 0 ? "missing" : !required && absent ? "not-required" : "present";
            return new ControlEntry(state, required, status, reason, reported);
        }

        var controls = new EndpointControls(
            Control("authorization", phi is not null, phi is not null ? "handles PHI: " + phi + " (CMP3005)" : "does not handle PHI; CMP3005 requires authorization only where PHI is handled"),
            Control(
                "audit",
                phi is not null || auditScopeAll,
                phi is not null ? "handles PHI: " + phi + " (CMP3001)" : auditScopeAll ? "compliance.endpoints.audit_scope = all (CMP3001)" : "does not handle PHI; CMP3001 requires an audit record only where PHI is handled"),
            Control(
                "rateLimit",
                true,
                authenticationTier is not null
                    ? "authenticates callers: needs the " + authenticationTier + " tier (CMP3003)"
                    : "every endpoint needs a rate limit (CMP3002)"),
            Control(
                "validation",
                input.Length > 0,
                input.Length > 0 ? "binds structured input: " + input + " (CMP3004)" : "binds no body, form or complex object; CMP3004 has nothing to validate"),
            Control(
                "csrf",
                ids.Contains("CMP3006"),
                !stateChanging
                    ? "not state-changing; CMP3006 applies to POST, PUT, PATCH and DELETE"
                    : ids.Contains("CMP3006")
                        ? "state-changing and reachable with the user's cookies or a cross-site form (CMP3006)"
                        : "state-changing; CMP3006 finds no form binding or cookie authentication a cross-site request could use"),
            Control("mfa", false, "no rule requires MFA per endpoint; listed as evidence"));

        return new EndpointEntry(
            EndpointKey(methods, route),
            route,
            methods,
            Get(r, "handler"),
            Get(r, "kind"),
            Location(r, projectDirectory),
            phi,
            controls,
            ids);
    }

    private static FindingEntry Finding(SarifResult r, IReadOnlyDictionary<string, SarifRule> rules, List<SarifResult> pragmas, string projectDirectory)
    {
        rules.TryGetValue(r.RuleId, out var rule);
        var tags = rule?.Tags ?? [];
        string? kind = null;
        string? justification = r.Justification;
        if (r.Suppressed)
        {
            kind = r.SuppressionKind switch
            {
                "Pragma Directive" => "pragma",
                "SuppressMessageAttribute" => "attribute",
                _ => r.SuppressionKind ?? "inSource",
            };
            if (SuppressedBy(r, pragmas) is { } pragma)
            {
                kind = Get(pragma, "kind");
                justification ??= NullIfEmpty(Get(pragma, "justification"));
            }
        }

        return new FindingEntry(
            r.RuleId,
            rule?.Title ?? r.RuleId,
            r.Level switch { "error" => "error", "warning" => "warning", "note" => "info", _ => r.Level },
            r.Message,
            Location(r, projectDirectory),
            tags.Where(static t => t.StartsWith("HIPAA:", StringComparison.Ordinal)).Select(static t => t["HIPAA:".Length..]).ToList(),
            tags.Where(static t => t.StartsWith("SOC2:", StringComparison.Ordinal)).Select(static t => t["SOC2:".Length..]).ToList(),
            rule?.HelpUri,
            r.Suppressed,
            kind,
            justification);
    }

    /// <summary>
    /// The suppression inventory entry that silences a suppressed finding: for a pragma, the nearest
    /// <c>#pragma warning disable</c> of its rule above it in the same file; for an attribute, the
    /// nearest <c>[SuppressMessage]</c> of its rule above it.
    /// </summary>
    private static SarifResult? SuppressedBy(SarifResult finding, List<SarifResult> suppressions)
    {
        if (!finding.Suppressed || finding.Uri is null)
        {
            return null;
        }

        return suppressions
            .Where(s => s.Uri == finding.Uri
                && (s.Line < finding.Line || (s.Line == finding.Line && s.Column <= finding.Column))
                && Get(s, "ruleIds").Split(',').Contains(finding.RuleId, StringComparer.OrdinalIgnoreCase))
            .OrderByDescending(static s => s.Line)
            .ThenByDescending(static s => s.Column)
            .FirstOrDefault();
    }

    private static SortedDictionary<string, int> Count(IEnumerable<string> keys)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;
        }

        return counts;
    }

    private static SourceLocation? Location(SarifResult r, string projectDirectory)
    {
        if (r.Uri is null)
        {
            return null;
        }

        var path = Uri.TryCreate(r.Uri, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : r.Uri;
        var relative = Path.IsPathRooted(path) ? Path.GetRelativePath(projectDirectory, path) : path;
        return new SourceLocation(relative.Replace('\\', '/'), r.Line, r.Column);
    }

    private static string Get(SarifResult r, string name) => r.Properties.TryGetValue(name, out var value) ? value : "";

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
