namespace Compliance.Runtime.Encryption;

/// <summary>Settings of field encryption, bound from <c>Compliance:Encryption</c>.</summary>
public sealed class FieldEncryptionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Compliance:Encryption";

    /// <summary>
    /// How long a key encrypts before it should be rotated (default 90 days). The health check
    /// reports <c>Degraded</c> once the active key is older.
    /// </summary>
    public TimeSpan RotationPeriod { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How often every node reloads the ring from the store (default 5 minutes), so rotations and
    /// revocations made elsewhere take effect. A value under an unknown key id also triggers a reload.
    /// </summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The least time between two reloads triggered by unknown key ids (default 5 seconds), so
    /// garbage input cannot turn into a flood of store reads.
    /// </summary>
    public TimeSpan UnknownKeyReloadThrottle { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a decryption that meets an unknown key id waits for the reload it triggers before it
    /// fails with <see cref="UnknownKeyException"/> (default 2 seconds). A key created on another node
    /// therefore reads on its first use here; a hanging key store delays that request by at most this
    /// long. <see cref="TimeSpan.Zero"/> does not wait (the reload still runs in the background).
    /// </summary>
    public TimeSpan UnknownKeyReloadWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether the first data key and blind index root are created when the store has none (default true).</summary>
    public bool CreateKeysIfMissing { get; set; } = true;

    /// <summary>
    /// Whether a key store written before key metadata was authenticated (no metadata key, no
    /// MACs) is migrated on first load (default true): every record the KEK unwraps is MACed as
    /// found. Once the store has a metadata key, a record without a valid MAC is never trusted
    /// again. Set it to false after the upgrade, so that a store stripped of its metadata key and
    /// every MAC is refused instead of migrated again.
    /// </summary>
    public bool MigrateUnauthenticatedKeyMetadata { get; set; } = true;

    /// <summary>The tenant bound into every value by the EF Core integration; null for a single-tenant database.</summary>
    public string? Tenant { get; set; }

    /// <summary>The key-encryption key itself (base64, 32 bytes), normally supplied by a secret store through configuration.</summary>
    public string? KeyEncryptionKey { get; set; }

    /// <summary>An environment variable holding the key-encryption key (base64). Default <c>COMPLIANCE_KEK</c>.</summary>
    public string? KeyEncryptionKeyEnvironmentVariable { get; set; } = "COMPLIANCE_KEK";

    /// <summary>A file holding the key-encryption key (base64 or 32 raw bytes), outside the database and readable by the service only.</summary>
    public string? KeyEncryptionKeyFile { get; set; }

    /// <summary>Creates <see cref="KeyEncryptionKeyFile"/> with a random key when missing. For development only.</summary>
    public bool CreateKeyEncryptionKeyFileIfMissing { get; set; }

    /// <summary>
    /// The JSON file of the built-in file key store, used when no other <see cref="IDataKeyStore"/>
    /// is registered. Leave null in production and keep keys in the database instead.
    /// </summary>
    public string? KeyStoreFile { get; set; }
}
