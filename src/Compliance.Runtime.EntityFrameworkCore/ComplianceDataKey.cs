using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using Compliance.Runtime.Encryption;
using Microsoft.EntityFrameworkCore;

namespace Compliance.Runtime.EntityFrameworkCore;

/// <summary>
/// A row of the key table (<c>compliance_data_keys</c>): one data key wrapped by the key-encryption
/// key. Rows are inserted once and only their state columns change.
/// </summary>
[Table("compliance_data_keys")]
public class ComplianceDataKey
{
    /// <summary>The 32-bit key id (stored as a 64-bit integer for portability).</summary>
    [Key]
    [DatabaseGenerated(DatabaseGeneratedOption.None)]
    [Column("key_id")]
    public long KeyId { get; set; }

    /// <summary>What the key is for.</summary>
    [Column("purpose")]
    public DataKeyPurpose Purpose { get; set; }

    /// <summary>Active, retired or revoked.</summary>
    [Column("state")]
    public DataKeyState State { get; set; }

    /// <summary>When the key was created.</summary>
    [Column("created_at")]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it stopped encrypting.</summary>
    [Column("retired_at")]
    public DateTimeOffset? RetiredAt { get; set; }

    /// <summary>When it was revoked.</summary>
    [Column("revoked_at")]
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>The id of the key-encryption key that wrapped it.</summary>
    [Column("kek_id")]
    [MaxLength(200)]
    public string KeyEncryptionKeyId { get; set; } = string.Empty;

    /// <summary>The wrapped key bytes.</summary>
    [Column("wrapped_key")]
    [MaxLength(512)]
    public byte[] WrappedKey { get; set; } = [];

    /// <summary>
    /// HMAC-SHA256 over the key's metadata under a key only the KEK holder can derive, so editing
    /// <see cref="State"/> or the times in the database cannot undo a revocation. Null in rows
    /// written before metadata authentication (migrated on first load); add this nullable column
    /// with a migration when upgrading.
    /// </summary>
    [Column("metadata_mac")]
    [MaxLength(32)]
    public byte[]? MetadataMac { get; set; }
}

/// <summary>A context that holds the key table: add <c>public DbSet&lt;ComplianceDataKey&gt; ComplianceDataKeys =&gt; Set&lt;ComplianceDataKey&gt;();</c>.</summary>
public interface IComplianceKeyStoreContext
{
    /// <summary>The key table.</summary>
    DbSet<ComplianceDataKey> ComplianceDataKeys { get; }
}
