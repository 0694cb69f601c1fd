namespace Compliance.Runtime;

/// <summary>Settings of redaction, bound from <c>Compliance:Redaction</c>.</summary>
public sealed class RedactionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Compliance:Redaction";

    /// <summary>
    /// The key of <see cref="Redact.Hash"/> (base64, at least 32 bytes), normally from a secret
    /// store. Keep it stable to correlate pseudonyms across restarts and nodes. When neither this nor
    /// <see cref="HashKeyFile"/> is set, a random key is generated per process: pseudonyms then
    /// correlate within one process only.
    /// </summary>
    public string? HashKey { get; set; }

    /// <summary>A file holding the hash key (base64 or at least 32 raw bytes).</summary>
    public string? HashKeyFile { get; set; }

    /// <summary>
    /// Structured-log property names whose values are always redacted, whatever their type,
    /// compared case-insensitively (for example <c>Ssn</c>, <c>DateOfBirth</c>). Values whose type
    /// has <see cref="PhiAttribute"/> or <see cref="PiiAttribute"/> members are redacted without being listed.
    /// </summary>
    public ISet<string> ClassifiedNames { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
}
