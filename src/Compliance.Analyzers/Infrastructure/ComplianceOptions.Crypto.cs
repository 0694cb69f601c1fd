namespace Compliance.Analyzers.Infrastructure;

public static partial class ComplianceOptions
{
    /// <summary>
    /// <c>compliance.crypto.checksum_names</c>: words that mark MD5/SHA-1 as a non-security checksum
    /// when they appear in the name the hash is stored under or in the enclosing method's name.
    /// </summary>
    public static readonly OptionDefinition<IReadOnlyList<string>> CryptoChecksumNames = new(
        "crypto",
        "checksum_names",
        new[] { "etag", "cache", "checksum", "fingerprint", "contenthash", "dedup", "gravatar" },
        OptionParsers.List,
        "a comma-separated list of words",
        RuleIds.WeakCryptography);
}
