namespace Compliance.Runtime.Encryption;

/// <summary>How a value is normalised before it is indexed, so equal-meaning inputs find each other.</summary>
[Flags]
public enum BlindIndexNormalization
{
    /// <summary>The value is indexed exactly as given.</summary>
    None = 0,

    /// <summary>Leading and trailing white space is removed.</summary>
    Trim = 1,

    /// <summary>Letters are upper-cased (invariant culture), so the search ignores case.</summary>
    IgnoreCase = 2,

    /// <summary>All white space and dashes are removed (for identifiers typed with separators, such as <c>123-45-6789</c>).</summary>
    RemoveSeparators = 4,

    /// <summary>The value is brought to Unicode normalisation form C first.</summary>
    UnicodeFormC = 8,
}

/// <summary>
/// A blind index of one column: a keyed hash (HMAC-SHA256) of the normalised value, truncated to
/// <see cref="Length"/> bytes, under a key derived for this tenant, table and column. It supports
/// equality search over encrypted data without decrypting. Truncation creates deliberate
/// collisions: confirm a match by decrypting. Low-entropy values (birth dates, ZIP codes) can be
/// brute-forced from their index; do not index them.
/// </summary>
public sealed class BlindIndexDefinition
{
    /// <summary>The default index length in bytes.</summary>
    public const int DefaultLength = 16;

    /// <summary>Creates the definition.</summary>
    /// <param name="table">The table of the indexed column.</param>
    /// <param name="column">The indexed (encrypted) column.</param>
    /// <param name="tenant">The tenant; null when there is one.</param>
    public BlindIndexDefinition(string table, string column, string? tenant = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentException.ThrowIfNullOrEmpty(column);
        Table = table;
        Column = column;
        Tenant = tenant ?? string.Empty;
        KeyInfo = EncryptionContext.Encode("bidx", Tenant, Table, Column);
    }

    /// <summary>The tenant; empty when there is one.</summary>
    public string Tenant { get; }

    /// <summary>The table.</summary>
    public string Table { get; }

    /// <summary>The indexed column.</summary>
    public string Column { get; }

    /// <summary>The index length in bytes, 4 to 32 (default 16). Shorter indexes leak less and collide more.</summary>
    public int Length
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 4);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 32);
            field = value;
        }
    } = DefaultLength;

    /// <summary>The built-in normalisation (default <see cref="BlindIndexNormalization.Trim"/>).</summary>
    public BlindIndexNormalization Normalization { get; init; } = BlindIndexNormalization.Trim;

    /// <summary>A custom normalisation, applied after <see cref="Normalization"/>. Must be deterministic.</summary>
    public Func<string, string>? Normalizer { get; init; }

    /// <summary>The HKDF info of this column's key: <c>lp("bidx") || lp(tenant) || lp(table) || lp(column)</c>.</summary>
    internal byte[] KeyInfo { get; }
}
