using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace Compliance.Runtime.EntityFrameworkCore;

/// <summary>A row of the MFA table (<c>compliance_mfa</c>): a user's encrypted TOTP secret, last used step and recovery code hashes.</summary>
[Table("compliance_mfa")]
public class ComplianceMfaRecord
{
    /// <summary>The user's stable id.</summary>
    [Key]
    [Column("user_id")]
    [MaxLength(200)]
    public string UserId { get; set; } = string.Empty;

    /// <summary>The TOTP secret as a field-encryption envelope bound to the user.</summary>
    [Column("secret")]
    public byte[] EncryptedSecret { get; set; } = [];

    /// <summary>Whether the enrolment was confirmed with a first code.</summary>
    [Column("confirmed")]
    public bool Confirmed { get; set; }

    /// <summary>The last accepted time step (replay protection).</summary>
    [Column("last_used_step")]
    public long LastUsedStep { get; set; }

    /// <summary>Hashes of the unused recovery codes, space-separated.</summary>
    [Column("recovery_code_hashes")]
    public string RecoveryCodeHashes { get; set; } = string.Empty;

    /// <summary>When the secret was generated.</summary>
    [Column("created_at")]
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A context that holds the MFA table: add <c>public DbSet&lt;ComplianceMfaRecord&gt; ComplianceMfaRecords =&gt; Set&lt;ComplianceMfaRecord&gt;();</c>.</summary>
public interface IComplianceMfaContext
{
    /// <summary>The MFA table.</summary>
    DbSet<ComplianceMfaRecord> ComplianceMfaRecords { get; }
}
