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

    /// <summary>
    /// Attributes of the application that classify data without deriving from
    /// <c>DataClassificationAttribute</c> (full or simple names, with or without the
    /// <c>Attribute</c> suffix): the runtime's counterpart of the analyzers'
    /// <c>compliance.dataflow.classification_attributes</c>, matched by the same rule
    /// (docs/classification.md). Set both to the same names.
    /// </summary>
    public ISet<string> ClassificationAttributes { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// What the redacting logger does with the messages of logged exceptions (default
    /// <see cref="ExceptionMessageRedaction.Scrub"/>). Exceptions are passed to providers as a
    /// sanitised wrapper that keeps the original type name, stack trace and inner exceptions.
    /// </summary>
    public ExceptionMessageRedaction ExceptionMessages { get; set; } = ExceptionMessageRedaction.Scrub;
}

/// <summary>How exception messages are redacted before they reach log providers.</summary>
public enum ExceptionMessageRedaction
{
    /// <summary>
    /// Replace what looks like an identifier: SSNs, e-mail addresses, phone numbers, dates, runs
    /// of six or more digits (MRNs, account numbers). Names and free text are not recognised.
    /// </summary>
    Scrub = 0,

    /// <summary>Replace the whole message with <see cref="Redact.Marker"/>; type and stack are kept.</summary>
    Redact = 1,

    /// <summary>Pass exceptions through unchanged (opt-out: only when no message can hold PHI).</summary>
    None = 2,
}

/// <summary>An exception as the redacting logger passes it on: the original's type, stack and inner exceptions, with a redacted message.</summary>
public interface IRedactedException
{
    /// <summary>The full name of the original exception type.</summary>
    string OriginalTypeName { get; }
}
