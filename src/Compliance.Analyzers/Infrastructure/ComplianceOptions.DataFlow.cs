namespace Compliance.Analyzers.Infrastructure;

public static partial class ComplianceOptions
{
    /// <summary>
    /// <c>compliance.dataflow.classification_attributes</c>: extra attribute names (full metadata
    /// names, or simple names with or without the <c>Attribute</c> suffix) that mark classified data.
    /// Global only: read per compilation from the global options (.globalconfig / build properties).
    /// </summary>
    public static readonly OptionDefinition<IReadOnlyList<string>> DataFlowClassificationAttributes = new(
        "dataflow",
        "classification_attributes",
        Array.Empty<string>(),
        OptionParsers.List,
        "a comma-separated list of attribute names",
        RuleIds.ClassifiedDataInLog,
        RuleIds.ClassifiedDataInException,
        RuleIds.ClassifiedDataInTelemetry,
        RuleIds.ClassifiedDataInUrlHeaderOrCookie,
        RuleIds.ClassifiedObjectLoggedWhole,
        RuleIds.ClassifiedDataPersistedUnencrypted)
    {
        IsGlobalOnly = true,
    };

    /// <summary>
    /// <c>compliance.dataflow.max_call_depth</c> (default 3): how many calls deep the data-flow
    /// engine follows classified data into methods of the compilation (user-written logging wrappers).
    /// Global only, like <see cref="DataFlowClassificationAttributes"/>.
    /// </summary>
    public static readonly OptionDefinition<int> DataFlowMaxCallDepth = new(
        "dataflow",
        "max_call_depth",
        3,
        OptionParsers.Integer(0, 8),
        "a whole number from 0 to 8",
        RuleIds.ClassifiedDataInLog,
        RuleIds.ClassifiedDataInException,
        RuleIds.ClassifiedDataInTelemetry,
        RuleIds.ClassifiedDataInUrlHeaderOrCookie)
    {
        IsGlobalOnly = true,
    };

    /// <summary>
    /// <c>compliance.dataflow.identifier_names</c>: extra member-name words (PascalCase, matched on
    /// word boundaries, for example <c>PolicyHolder</c>) that CMP2006 treats as HIPAA identifiers.
    /// </summary>
    public static readonly OptionDefinition<IReadOnlyList<string>> DataFlowIdentifierNames = new(
        "dataflow",
        "identifier_names",
        Array.Empty<string>(),
        OptionParsers.List,
        "a comma-separated list of member-name words",
        RuleIds.UnclassifiedIdentifierMember);

    /// <summary>
    /// <c>compliance.dataflow.identifier_exclusions</c>: member names (whole names, for example
    /// <c>ClinicAddress</c>) or words CMP2006 never reports.
    /// </summary>
    public static readonly OptionDefinition<IReadOnlyList<string>> DataFlowIdentifierExclusions = new(
        "dataflow",
        "identifier_exclusions",
        Array.Empty<string>(),
        OptionParsers.List,
        "a comma-separated list of member names or words",
        RuleIds.UnclassifiedIdentifierMember);
}
