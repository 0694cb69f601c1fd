using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers;

public static partial class Descriptors
{
    /// <summary>Tag of the inventory facts: they are evidence for the compliance report, not findings.</summary>
    public const string InventoryTag = "ComplianceInventory";

    public static readonly DiagnosticDescriptor InventoryEndpoint = Inventory(
        RuleIds.InventoryEndpoint,
        "Compliance inventory: endpoint",
        "Endpoint {0}: authorization {1}, audit {2}, rate limit {3}, validation {4}, CSRF {5}, MFA {6}",
        "An inventory fact for the compliance report (ComplianceReport=true): one endpoint, with the controls the endpoint model resolves for it and the facts that decide whether each is required. Not a finding.");

    public static readonly DiagnosticDescriptor InventoryClassifiedMember = Inventory(
        RuleIds.InventoryClassifiedMember,
        "Compliance inventory: classified member",
        "{0}.{1} is {2}, {3}",
        "An inventory fact for the compliance report (ComplianceReport=true): one member classified as PHI/PII, whether it is encrypted and where it is persisted. Not a finding.");

    public static readonly DiagnosticDescriptor InventorySuppression = Inventory(
        RuleIds.InventorySuppression,
        "Compliance inventory: suppression",
        "{0} suppresses {1}: {2}",
        "An inventory fact for the compliance report (ComplianceReport=true): one suppression of a compliance rule (#pragma, [SuppressMessage] or configuration) with its justification. Not a finding.");

    /// <summary>
    /// Inventory facts are informational and not configurable: they reach the compiler's SARIF log,
    /// but no .globalconfig (the CI enforcement file included) can raise them to warnings or errors,
    /// and they print nothing at the default build verbosity. They are only reported when the
    /// project sets ComplianceReport=true.
    /// </summary>
    private static DiagnosticDescriptor Inventory(string id, string title, string messageFormat, string description)
        => new(
            id,
            title,
            messageFormat,
            Categories.Inventory,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            description,
            HelpLink(id),
            ComplianceTag,
            InventoryTag,
            WellKnownDiagnosticTags.NotConfigurable,
            WellKnownDiagnosticTags.CompilationEnd);
}
