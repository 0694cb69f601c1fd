using System.Text;

namespace Compliance.Runtime.Encryption;

/// <summary>
/// Where an encrypted value lives: tenant, table, column and optionally the row. The context is
/// authenticated with every value (AES-GCM associated data), so a ciphertext copied into another
/// column, table, tenant or row fails to decrypt. Create one per column and reuse it: the
/// associated data is encoded once, here, so encryption does not allocate per call.
/// </summary>
public sealed class EncryptionContext : IEquatable<EncryptionContext>
{
    private const string FormatLabel = "cr.v1";

    /// <summary>Creates the context of one column.</summary>
    /// <param name="table">The table (or collection, or document type) holding the value.</param>
    /// <param name="column">The column (or property) holding the value.</param>
    /// <param name="tenant">The tenant, in a multi-tenant database; null when there is one tenant.</param>
    /// <param name="rowKey">
    /// The row's key, to bind a value to its row. Only usable when keys are known before the row is
    /// written (client-generated keys, such as UUID v7); null binds to the column only.
    /// </param>
    public EncryptionContext(string table, string column, string? tenant = null, string? rowKey = null)
        : this(table, column, tenant, rowKey, deferRowCheck: false)
    {
    }

    private EncryptionContext(string table, string column, string? tenant, string? rowKey, bool deferRowCheck)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentException.ThrowIfNullOrEmpty(column);
        Table = table;
        Column = column;
        Tenant = tenant ?? string.Empty;
        RowKey = rowKey ?? string.Empty;
        DeferRowCheck = deferRowCheck;
        AssociatedDataSuffix = Encode(FormatLabel, Tenant, Table, Column, RowKey);
        ColumnAssociatedDataSuffix = RowKey.Length == 0 ? AssociatedDataSuffix : Encode(FormatLabel, Tenant, Table, Column, string.Empty);
        RowTag = RowKey.Length == 0 ? [] : ComputeRowTag(RowKey);
    }

    /// <summary>The tenant; empty when there is one tenant.</summary>
    public string Tenant { get; }

    /// <summary>The table.</summary>
    public string Table { get; }

    /// <summary>The column.</summary>
    public string Column { get; }

    /// <summary>The row key; empty when the value is bound to the column only.</summary>
    public string RowKey { get; }

    /// <summary>
    /// <c>lp("cr.v1") || lp(tenant) || lp(table) || lp(column) || lp(rowKey)</c>, where <c>lp</c> is a
    /// 7-bit encoded length followed by UTF-8. The envelope header is prepended per value.
    /// </summary>
    internal byte[] AssociatedDataSuffix { get; }

    /// <summary>The suffix without the row key: version 2 envelopes carry the row as a tag in their header instead.</summary>
    internal byte[] ColumnAssociatedDataSuffix { get; }

    /// <summary>The row tag of <see cref="RowKey"/> (empty without a row key).</summary>
    internal byte[] RowTag { get; }

    /// <summary>
    /// Set only by integrations that learn the row after decrypting (EF Core materialisation): a
    /// row-bound envelope decrypts for the column, and the caller must compare its row tag with
    /// the row's key before using the value. Never set for application code.
    /// </summary>
    internal bool DeferRowCheck { get; }

    /// <summary>The row tag of a row key: <c>SHA-256(lp("cr.row.v1") || lp(rowKey))</c>, first 16 bytes. Not secret.</summary>
    /// <param name="rowKey">The row's key.</param>
    /// <returns>The 16-byte tag.</returns>
    internal static byte[] ComputeRowTag(string rowKey) =>
        System.Security.Cryptography.SHA256.HashData(Encode("cr.row.v1", rowKey))[..FieldEnvelope.RowTagLength];

    /// <summary>This column, for reads whose row check the caller does after decryption.</summary>
    /// <returns>A context without a row key that accepts row-bound envelopes.</returns>
    internal EncryptionContext WithDeferredRowCheck() => new(Table, Column, Tenant, null, deferRowCheck: true);

    /// <summary>The same column bound to one row.</summary>
    /// <param name="rowKey">The row's key.</param>
    /// <returns>A new context.</returns>
    public EncryptionContext WithRowKey(string rowKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(rowKey);
        return new EncryptionContext(Table, Column, Tenant, rowKey);
    }

    /// <inheritdoc />
    public bool Equals(EncryptionContext? other) =>
        other is not null && AssociatedDataSuffix.AsSpan().SequenceEqual(other.AssociatedDataSuffix);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EncryptionContext);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(AssociatedDataSuffix);
        return hash.ToHashCode();
    }

    /// <summary>Names the column without the row key (row keys may be identifiers worth keeping out of logs).</summary>
    /// <returns>For example <c>patients.ssn</c> or <c>acme/patients.ssn</c>.</returns>
    public override string ToString() => Tenant.Length == 0 ? $"{Table}.{Column}" : $"{Tenant}/{Table}.{Column}";

    internal static byte[] Encode(params ReadOnlySpan<string> parts)
    {
        var length = 0;
        foreach (var part in parts)
        {
            var byteCount = Encoding.UTF8.GetByteCount(part);
            length += SevenBitLength(byteCount) + byteCount;
        }

        var buffer = new byte[length];
        var offset = 0;
        foreach (var part in parts)
        {
            var byteCount = Encoding.UTF8.GetByteCount(part);
            offset += WriteSevenBit(buffer.AsSpan(offset), byteCount);
            offset += Encoding.UTF8.GetBytes(part, buffer.AsSpan(offset));
        }

        return buffer;
    }

    private static int SevenBitLength(int value)
    {
        var count = 1;
        while ((uint)value >= 0x80)
        {
            value = (int)((uint)value >> 7);
            count++;
        }

        return count;
    }

    private static int WriteSevenBit(Span<byte> destination, int value)
    {
        var written = 0;
        var remaining = (uint)value;
        while (remaining >= 0x80)
        {
            destination[written++] = (byte)(remaining | 0x80);
            remaining >>= 7;
        }

        destination[written++] = (byte)remaining;
        return written;
    }
}
