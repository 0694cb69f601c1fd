namespace Compliance.Analyzers.Report;

/// <summary>compliance-report.json, as docs/schemas/compliance-report.schema.json describes it.</summary>
internal sealed record ComplianceReport(
    string SchemaVersion,
    string Source,
    string Project,
    DateTimeOffset GeneratedAt,
    ToolInfo Tool,
    IReadOnlyList<EndpointEntry> Endpoints,
    IReadOnlyList<ClassifiedMemberEntry> ClassifiedMembers,
    IReadOnlyList<FindingEntry> Findings,
    IReadOnlyList<SuppressionEntry> Suppressions,
    Totals Totals);

internal sealed record ToolInfo(string Name, string Version);

internal sealed record SourceLocation(string File, int Line, int Column);

internal sealed record EndpointEntry(
    string Key,
    string Route,
    IReadOnlyList<string> Methods,
    string Handler,
    string Kind,
    SourceLocation? Location,
    string? HandlesPhi,
    EndpointControls Controls,
    IReadOnlyList<string> Findings);

internal sealed record EndpointControls(
    ControlEntry Authorization,
    ControlEntry Audit,
    ControlEntry RateLimit,
    ControlEntry Validation,
    ControlEntry Csrf,
    ControlEntry Mfa);

/// <param name="State">What applies (the schema's vocabulary, shared with the runtime export).</param>
/// <param name="Required">Whether a rule requires the control on this endpoint.</param>
/// <param name="Status"><c>present</c>, <c>missing</c> (a rule reports it) or <c>not-required</c>.</param>
/// <param name="Reason">Why the control is or is not required.</param>
/// <param name="Findings">The rules that report this control missing on this endpoint.</param>
internal sealed record ControlEntry(string State, bool Required, string Status, string Reason, IReadOnlyList<string> Findings);

internal sealed record ClassifiedMemberEntry(
    string Type,
    string Member,
    string Classification,
    string Attribute,
    string? Category,
    bool Encrypted,
    string? PersistedIn,
    SourceLocation? Location,
    IReadOnlyList<string> Findings);

internal sealed record FindingEntry(
    string RuleId,
    string Title,
    string Severity,
    string Message,
    SourceLocation? Location,
    IReadOnlyList<string> Hipaa,
    IReadOnlyList<string> Soc2,
    string? HelpUri,
    bool Suppressed,
    string? SuppressionKind,
    string? Justification);

internal sealed record SuppressionEntry(
    string Kind,
    IReadOnlyList<string> RuleIds,
    string? Justification,
    bool Justified,
    string? Where,
    SourceLocation? Location,
    int SuppressedFindings);

internal sealed record Totals(
    int Endpoints,
    int ClassifiedMembers,
    int Findings,
    int SuppressedFindings,
    int Suppressions,
    int UnjustifiedSuppressions,
    IReadOnlyDictionary<string, int> ByRule,
    IReadOnlyDictionary<string, int> ByHipaaSection,
    IReadOnlyDictionary<string, int> BySoc2Criterion);
