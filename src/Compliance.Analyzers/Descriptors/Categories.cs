namespace Compliance.Analyzers;

/// <summary>
/// Diagnostic categories. The package's enforcement .globalconfig raises whole categories to
/// errors in CI, so every rule belongs to exactly one of these.
/// </summary>
public static class Categories
{
    public const string Secrets = "Compliance.Secrets";
    public const string DataFlow = "Compliance.DataFlow";
    public const string Endpoints = "Compliance.Endpoints";
    public const string Cookies = "Compliance.Cookies";
    public const string Transport = "Compliance.Transport";
    public const string Crypto = "Compliance.Crypto";
    public const string Configuration = "Compliance.Configuration";

    /// <summary>The inventory facts of the compliance report (not findings; never enforced).</summary>
    public const string Inventory = "Compliance.Inventory";
}
