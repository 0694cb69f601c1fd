namespace Compliance.Analyzers;

/// <summary>
/// Diagnostic categories, one per rule family. A family owns one id range, one category, one
/// folder of analyzers, fixers and tests, and one option prefix; DiagnosticCategoryAndIdRanges.txt
/// records the ranges and a catalog test holds every rule to them.
/// </summary>
public static class Categories
{
    /// <summary>CMP1001–CMP1999: secrets in configuration, source and logs.</summary>
    public const string Secrets = "Compliance.Secrets";

    /// <summary>CMP2001–CMP2999: classified data (PHI/PII) reaching sinks, classification and persistence.</summary>
    public const string DataFlow = "Compliance.DataFlow";

    /// <summary>CMP3001–CMP3999: endpoint controls (audit, rate limits, validation, authorization, CSRF).</summary>
    public const string Endpoints = "Compliance.Endpoints";

    /// <summary>CMP4001–CMP4999: cookies, sessions and tokens.</summary>
    public const string Sessions = "Compliance.Sessions";

    /// <summary>CMP5001–CMP5999: transport and the HTTP pipeline (HTTPS, TLS, headers, CORS, error pages).</summary>
    public const string Transport = "Compliance.Transport";

    /// <summary>CMP6001–CMP6999: cryptographic algorithms, key sizes and randomness.</summary>
    public const string Crypto = "Compliance.Crypto";

    /// <summary>CMP9001–CMP9099: the package's own configuration and suppressions.</summary>
    public const string Meta = "Compliance.Meta";

    /// <summary>CMP9100–CMP9199: the inventory facts of the compliance report (not findings; never enforced).</summary>
    public const string Inventory = "Compliance.Inventory";
}
