namespace Compliance.Analyzers;

public static partial class RuleIds
{
    /// <summary>Inventory fact: one endpoint and its resolved controls (only with ComplianceReport=true).</summary>
    public const string InventoryEndpoint = "CMP9100";

    /// <summary>Inventory fact: one classified member, whether it is encrypted and where it is persisted.</summary>
    public const string InventoryClassifiedMember = "CMP9101";

    /// <summary>Inventory fact: one suppression of a compliance rule and its justification.</summary>
    public const string InventorySuppression = "CMP9102";
}
