namespace Compliance.Runtime.Encryption;

/// <summary>The lifecycle state of a data key.</summary>
public enum DataKeyState
{
    /// <summary>Encrypts new values (the newest active key) and decrypts.</summary>
    Active = 0,

    /// <summary>Decrypts only; values under it are reported as needing re-encryption.</summary>
    Retired = 1,

    /// <summary>
    /// Decrypts nothing: reading a value under it throws <see cref="KeyRevokedException"/> and is
    /// audited. Only <see cref="IFieldEncryptor.Reencrypt"/> with <c>allowRevokedKey</c> may still read it.
    /// </summary>
    Revoked = 2,
}

/// <summary>What a stored key is for.</summary>
public enum DataKeyPurpose
{
    /// <summary>Encrypts field values; rotated and revoked through <see cref="IKeyRing"/>.</summary>
    FieldEncryption = 0,

    /// <summary>
    /// The root from which per-column blind index keys are derived. Kept apart from the field keys
    /// and never rotated automatically: a new root means recomputing every blind index.
    /// </summary>
    BlindIndexRoot = 1,

    /// <summary>
    /// The key that authenticates the metadata of every other key (state, timestamps, ids): an
    /// HMAC key derived from it is held only by whoever can unwrap it with the KEK, so the key
    /// store alone cannot turn a revoked key back into an active one. Created once, never rotated.
    /// </summary>
    MetadataAuthentication = 2,
}

/// <summary>A data key as the key ring reports it: metadata only, never key bytes.</summary>
/// <param name="KeyId">The 32-bit id written into every envelope.</param>
/// <param name="State">Active, retired or revoked.</param>
/// <param name="CreatedAt">When the key was created.</param>
/// <param name="RetiredAt">When it stopped encrypting new values.</param>
/// <param name="RevokedAt">When it was revoked.</param>
public sealed record DataKeyInfo(uint KeyId, DataKeyState State, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt, DateTimeOffset? RevokedAt)
{
    /// <summary>The key id as written in logs and audit records (eight hex digits).</summary>
    public string DisplayId => KeyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// A data key as persisted by an <see cref="IDataKeyStore"/>: its metadata and its bytes wrapped
/// (encrypted) by a key-encryption key. Unwrapped key bytes are never persisted.
/// </summary>
/// <param name="KeyId">The 32-bit id, unique within the store.</param>
/// <param name="Purpose">Field encryption or blind index root.</param>
/// <param name="State">Active, retired or revoked.</param>
/// <param name="CreatedAt">When the key was created.</param>
/// <param name="RetiredAt">When it stopped encrypting new values.</param>
/// <param name="RevokedAt">When it was revoked.</param>
/// <param name="KeyEncryptionKeyId">The id of the key-encryption key that wrapped it.</param>
/// <param name="WrappedKey">The wrapped key bytes, as returned by <see cref="IKeyEncryptionKeyProvider.WrapAsync"/>.</param>
/// <param name="MetadataMac">
/// HMAC-SHA256 over the record's metadata under a key only the KEK holder can derive; null in
/// stores written before metadata authentication (migrated on first load, see docs/runtime/encryption.md).
/// </param>
public sealed record StoredDataKey(
    uint KeyId,
    DataKeyPurpose Purpose,
    DataKeyState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RetiredAt,
    DateTimeOffset? RevokedAt,
    string KeyEncryptionKeyId,
    byte[] WrappedKey,
    byte[]? MetadataMac = null);

/// <summary>
/// Persists wrapped data keys: the application's database (<c>Compliance.Runtime.EntityFrameworkCore</c>),
/// a file for development and single-node use (<see cref="FileDataKeyStore"/>), or memory for tests.
/// Every node of a deployment must share one store.
/// </summary>
public interface IDataKeyStore
{
    /// <summary>Reads every key.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>All keys, in any order.</returns>
    Task<IReadOnlyList<StoredDataKey>> GetAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a new key. Fails when the key id already exists (ids are never reused).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the key is durable.</returns>
    Task AddAsync(StoredDataKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes the state of an existing key (retire, revoke) together with its
    /// <see cref="StoredDataKey.MetadataMac"/>. Wrapped bytes never change.
    /// </summary>
    /// <param name="key">The key with its new state, timestamps and metadata MAC.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the change is durable.</returns>
    Task UpdateStateAsync(StoredDataKey key, CancellationToken cancellationToken = default);
}
