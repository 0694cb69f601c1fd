using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace Compliance.Analyzers.Report;

/// <summary>
/// compliance-report.html: one self-contained page (styles and script inline, no external asset),
/// with every row rendered on the server side so it reads and prints without script; the script only
/// sorts and filters.
/// </summary>
internal static class HtmlReport
{
    private static readonly (string Name, string Title, Func<EndpointControls, ControlEntry> Get)[] Controls =
    [
        ("authorization", "Authorization", static c => c.Authorization),
        ("audit", "Audit", static c => c.Audit),
        ("rateLimit", "Rate limit", static c => c.RateLimit),
        ("validation", "Validation", static c => c.Validation),
        ("csrf", "CSRF", static c => c.Csrf),
        ("mfa", "MFA", static c => c.Mfa),
    ];

    public static string Render(ComplianceReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>Compliance report: ").Append(E(report.Project)).Append("</title>\n<style>\n").Append(Resource("report.css")).Append("</style>\n</head>\n<body>\n");
        html.Append("<header>\n<h1>Compliance report: ").Append(E(report.Project)).Append("</h1>\n<p class=\"meta\">Generated ")
            .Append(E(report.GeneratedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append(" from the build by ")
            .Append(E(report.Tool.Name)).Append(' ').Append(E(report.Tool.Version)).Append(". Every fact comes from the analyzers' endpoint and classification models; a control is <em>missing</em> when a compliance rule reports it.</p>\n");
        var t = report.Totals;
        html.Append("<div class=\"cards\" id=\"totals\">")
            .Append(Card("endpoints", "Endpoints", t.Endpoints))
            .Append(Card("members", "Classified members", t.ClassifiedMembers))
            .Append(Card("findings", "Open findings", t.Findings))
            .Append(Card("suppressed", "Suppressed findings", t.SuppressedFindings))
            .Append(Card("suppressions", "Suppressions", t.Suppressions))
            .Append(Card("unjustified", "Without justification", t.UnjustifiedSuppressions))
            .Append("</div>\n</header>\n");

        Endpoints(html, report);
        Findings(html, report);
        Members(html, report);
        Suppressions(html, report);
        ControlTotals(html, report);

        html.Append("<script>\n").Append(Resource("report.js")).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Endpoints(StringBuilder html, ComplianceReport report)
    {
        html.Append("<section id=\"endpoints-section\">\n<h2>Endpoints and their controls</h2>\n")
            .Append("<p class=\"legend\"><span class=\"present\" style=\"background:var(--ok-bg);color:var(--ok)\">present</span><span style=\"background:var(--bad-bg);color:var(--bad)\">missing (a rule reports it)</span><span style=\"background:var(--na-bg);color:var(--na)\">not required</span> Hover a cell for why.</p>\n")
            .Append("<div class=\"controls\"><input type=\"search\" id=\"endpoint-filter\" placeholder=\"Filter endpoints\" aria-label=\"Filter endpoints\">")
            .Append("<select id=\"endpoint-state\" aria-label=\"Endpoint status\"><option value=\"\">All endpoints</option><option value=\"missing\">Missing a control</option><option value=\"complete\">Every required control</option><option value=\"phi\">Handles PHI</option></select><span class=\"count\"></span></div>\n")
            .Append("<table id=\"endpoints\" data-filterable>\n<thead><tr><th>Methods</th><th>Route</th><th>Handler</th><th>PHI</th>");
        foreach (var control in Controls)
        {
            html.Append("<th>").Append(control.Title).Append("</th>");
        }

        html.Append("<th>Source</th></tr></thead>\n<tbody>\n");
        foreach (var endpoint in report.Endpoints)
        {
            var missing = Controls.Any(c => c.Get(endpoint.Controls).Status == "missing");
            var state = (missing ? "missing" : "complete") + (endpoint.HandlesPhi is null ? "" : " phi");
            html.Append("<tr data-key=\"").Append(E(endpoint.Key)).Append("\" data-state=\"").Append(state).Append("\">")
                .Append("<td class=\"mono\">").Append(E(endpoint.Methods.Count == 0 ? "ANY" : string.Join(", ", endpoint.Methods))).Append("</td>")
                .Append("<td class=\"mono\">").Append(E(endpoint.Route)).Append("</td>")
                .Append("<td class=\"mono\">").Append(E(endpoint.Handler)).Append("</td>")
                .Append("<td title=\"").Append(E(endpoint.HandlesPhi ?? "")).Append("\">").Append(endpoint.HandlesPhi is null ? "no" : "yes").Append("</td>");
            foreach (var control in Controls)
            {
                var entry = control.Get(endpoint.Controls);
                html.Append("<td class=\"").Append(entry.Status).Append("\" data-control=\"").Append(control.Name).Append("\" title=\"")
                    .Append(E(entry.Reason + (entry.Findings.Count > 0 ? " — reported by " + string.Join(", ", entry.Findings) : ""))).Append("\">")
                    .Append(E(entry.State)).Append("</td>");
            }

            html.Append("<td class=\"mono\">").Append(E(Where(endpoint.Location))).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Findings(StringBuilder html, ComplianceReport report)
    {
        html.Append("<section id=\"findings-section\">\n<h2>Findings</h2>\n")
            .Append("<div class=\"controls\"><input type=\"search\" id=\"finding-filter\" placeholder=\"Filter findings\" aria-label=\"Filter findings\">")
            .Append("<select id=\"finding-state\" aria-label=\"Finding status\"><option value=\"\">All findings</option><option value=\"open\">Open</option><option value=\"suppressed\">Suppressed</option></select><span class=\"count\"></span></div>\n")
            .Append("<table id=\"findings\" data-filterable>\n<thead><tr><th>Rule</th><th>Severity</th><th>Message</th><th>HIPAA</th><th>SOC 2</th><th>Source</th><th>Suppressed</th></tr></thead>\n<tbody>\n");
        foreach (var finding in report.Findings)
        {
            html.Append("<tr data-state=\"").Append(finding.Suppressed ? "suppressed" : "open").Append("\">")
                .Append("<td class=\"mono\">").Append(finding.HelpUri is null ? E(finding.RuleId) : "<a href=\"" + E(finding.HelpUri) + "\">" + E(finding.RuleId) + "</a>").Append("</td>")
                .Append("<td class=\"sev-").Append(E(finding.Severity)).Append("\">").Append(E(finding.Severity)).Append("</td>")
                .Append("<td>").Append(E(finding.Message)).Append("</td>")
                .Append("<td>").Append(E(string.Join(", ", finding.Hipaa))).Append("</td>")
                .Append("<td>").Append(E(string.Join(", ", finding.Soc2))).Append("</td>")
                .Append("<td class=\"mono\">").Append(E(Where(finding.Location))).Append("</td>")
                .Append("<td>").Append(finding.Suppressed ? E((finding.SuppressionKind ?? "yes") + ": " + (finding.Justification ?? "no justification")) : "").Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Members(StringBuilder html, ComplianceReport report)
    {
        html.Append("<section id=\"members-section\">\n<h2>Classified members</h2>\n")
            .Append("<div class=\"controls\"><input type=\"search\" id=\"member-filter\" placeholder=\"Filter members\" aria-label=\"Filter members\">")
            .Append("<select id=\"member-state\" aria-label=\"Member status\"><option value=\"\">All members</option><option value=\"clear\">Persisted in clear</option><option value=\"encrypted\">Encrypted</option></select><span class=\"count\"></span></div>\n")
            .Append("<table id=\"members\" data-filterable>\n<thead><tr><th>Type</th><th>Member</th><th>Classification</th><th>Category</th><th>Encrypted</th><th>Persisted in</th><th>Findings</th><th>Source</th></tr></thead>\n<tbody>\n");
        foreach (var member in report.ClassifiedMembers)
        {
            var state = member.Encrypted ? "encrypted" : member.PersistedIn is null ? "memory" : "clear";
            html.Append("<tr data-state=\"").Append(state).Append("\">")
                .Append("<td class=\"mono\">").Append(E(member.Type)).Append("</td>")
                .Append("<td class=\"mono\">").Append(E(member.Member)).Append("</td>")
                .Append("<td>").Append(E(member.Classification.ToUpperInvariant())).Append(" [").Append(E(member.Attribute)).Append("]</td>")
                .Append("<td>").Append(E(member.Category ?? "")).Append("</td>")
                .Append("<td class=\"").Append(member.Encrypted ? "present" : member.PersistedIn is null ? "not-required" : "missing").Append("\">").Append(member.Encrypted ? "yes" : "no").Append("</td>")
                .Append("<td>").Append(E(member.PersistedIn ?? "not persisted by EF Core")).Append("</td>")
                .Append("<td class=\"mono\">").Append(E(string.Join(", ", member.Findings))).Append("</td>")
                .Append("<td class=\"mono\">").Append(E(Where(member.Location))).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Suppressions(StringBuilder html, ComplianceReport report)
    {
        html.Append("<section id=\"suppressions-section\">\n<h2>Suppressions</h2>\n")
            .Append("<table id=\"suppressions\">\n<thead><tr><th>Kind</th><th>Rules</th><th>Justification</th><th>Findings suppressed</th><th>Source</th></tr></thead>\n<tbody>\n");
        foreach (var suppression in report.Suppressions)
        {
            html.Append("<tr data-state=\"").Append(suppression.Justified ? "justified" : "unjustified").Append("\">")
                .Append("<td>").Append(E(suppression.Kind)).Append("</td>")
                .Append("<td class=\"mono\">").Append(E(string.Join(", ", suppression.RuleIds))).Append("</td>")
                .Append(suppression.Justified ? "<td>" + E(suppression.Justification!) + "</td>" : "<td class=\"missing\">no justification (CMP9002)</td>")
                .Append("<td>").Append(suppression.SuppressedFindings.ToString(CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td class=\"mono\">").Append(E(suppression.Location is null ? suppression.Where ?? "" : Where(suppression.Location))).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void ControlTotals(StringBuilder html, ComplianceReport report)
    {
        html.Append("<section id=\"totals-section\">\n<h2>Open findings per control</h2>\n");
        Totals(html, "hipaa-totals", "HIPAA section (45 CFR 164)", report.Totals.ByHipaaSection);
        Totals(html, "soc2-totals", "SOC 2 criterion", report.Totals.BySoc2Criterion);
        Totals(html, "rule-totals", "Rule", report.Totals.ByRule);
        html.Append("</section>\n");
    }

    private static void Totals(StringBuilder html, string id, string title, IReadOnlyDictionary<string, int> counts)
    {
        html.Append("<table id=\"").Append(id).Append("\">\n<thead><tr><th>").Append(E(title)).Append("</th><th>Open findings</th></tr></thead>\n<tbody>\n");
        foreach (var (key, count) in counts)
        {
            html.Append("<tr><td class=\"mono\">").Append(E(key)).Append("</td><td data-sort=\"").Append(count.ToString(CultureInfo.InvariantCulture)).Append("\">")
                .Append(count.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static string Card(string id, string title, int value)
        => "<div class=\"card\" id=\"total-" + id + "\"><b>" + value.ToString(CultureInfo.InvariantCulture) + "</b>" + E(title) + "</div>";

    private static string Where(SourceLocation? location)
        => location is null ? "" : location.File + "(" + location.Line.ToString(CultureInfo.InvariantCulture) + "," + location.Column.ToString(CultureInfo.InvariantCulture) + ")";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException("Missing resource " + name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
