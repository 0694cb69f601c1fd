namespace Compliance.Runtime.Encryption;

/// <summary>
/// The field-encryption keys: one active key encrypts, retired keys still decrypt (their values are
/// reported as needing re-encryption), revoked keys decrypt nothing. Keys are stored wrapped by the
/// <see cref="IKeyEncryptionKeyProvider"/> in an <see cref="IDataKeyStore"/>; unwrapped keys are
/// cached, so the KEK (or KMS) is used only when keys are loaded or created.
/// </summary>
public interface IKeyRing
{
    /// <summary>The key that encrypts new values. Loads the ring on first use.</summary>
    DataKeyInfo ActiveKey { get; }

    /// <summary>Every field-encryption key, newest first.</summary>
    IReadOnlyList<DataKeyInfo> Keys { get; }

    /// <summary>
    /// Loads or reloads the ring from the store, creating the first keys when the store is empty and
    /// <see cref="FieldEncryptionOptions.CreateKeysIfMissing"/> is set. Already unwrapped keys are kept.
    /// </summary>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>A task that completes when the ring is current.</returns>
    Task LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a new active key; the previous active key is retired (it still decrypts). Writes a
    /// <c>key.rotated</c> audit event.
    /// </summary>
    /// <param name="cancellationToken">Cancels the rotation.</param>
    /// <returns>The new active key.</returns>
    Task<DataKeyInfo> RotateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes a key: values under it no longer decrypt (except through the explicit re-encryption
    /// path). Revoking the active key rotates first. Writes a <c>key.revoked</c> audit event.
    /// </summary>
    /// <param name="keyId">The key to revoke.</param>
    /// <param name="cancellationToken">Cancels the revocation.</param>
    /// <returns>The revoked key.</returns>
    /// <exception cref="KeyNotFoundException">No field-encryption key has this id.</exception>
    Task<DataKeyInfo> RevokeAsync(uint keyId, CancellationToken cancellationToken = default);
}
