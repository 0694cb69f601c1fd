namespace Compliance.Runtime.Encryption;

/// <summary>
/// Wraps and unwraps data keys with a key-encryption key (KEK): the seam for a cloud KMS. The key
/// ring calls it only when it loads or creates keys, never per encrypted value. The associated
/// data binds each wrapped key to its key id and KEK id, so a wrapped key cannot be swapped for
/// another one in the store.
/// </summary>
public interface IKeyEncryptionKeyProvider
{
    /// <summary>The id of the KEK that <see cref="WrapAsync"/> uses now; stored with each wrapped key.</summary>
    string CurrentKeyEncryptionKeyId { get; }

    /// <summary>Encrypts <paramref name="dataKey"/> under the current KEK.</summary>
    /// <param name="dataKey">The 32-byte data key.</param>
    /// <param name="associatedData">Data to authenticate with the wrapped key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The wrapped key.</returns>
    ValueTask<byte[]> WrapAsync(ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken = default);

    /// <summary>Decrypts a key wrapped by <see cref="WrapAsync"/>.</summary>
    /// <param name="keyEncryptionKeyId">The KEK id stored with the wrapped key.</param>
    /// <param name="wrappedKey">The wrapped key.</param>
    /// <param name="associatedData">The data authenticated when wrapping.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The data key.</returns>
    /// <exception cref="System.Security.Cryptography.CryptographicException">Unknown KEK, or the wrapped key or associated data was altered.</exception>
    ValueTask<byte[]> UnwrapAsync(string keyEncryptionKeyId, ReadOnlyMemory<byte> wrappedKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken = default);
}
