namespace Compliance.Runtime.Encryption;

/// <summary>
/// Encrypts individual fields with the key ring's active key into the compact envelope described
/// by <see cref="FieldEnvelope"/> (AES-256-GCM, 34 bytes of overhead), bound to an
/// <see cref="EncryptionContext"/>. The span methods allocate nothing; convenience overloads for
/// arrays and strings are in <see cref="FieldEncryptorExtensions"/>. Thread-safe.
/// </summary>
public interface IFieldEncryptor
{
    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="destination"/>.</summary>
    /// <param name="plaintext">The value.</param>
    /// <param name="destination">At least <see cref="FieldEnvelope.GetEnvelopeLength(int, EncryptionContext)"/> bytes.</param>
    /// <param name="context">Where the value is stored.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    int Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> destination, EncryptionContext context);

    /// <summary>
    /// Decrypts <paramref name="envelope"/> into <paramref name="destination"/>. On failure nothing
    /// is left in <paramref name="destination"/>.
    /// </summary>
    /// <param name="envelope">The envelope.</param>
    /// <param name="destination">At least <see cref="FieldEnvelope.GetPlaintextLength(int)"/> bytes.</param>
    /// <param name="context">The context the value was encrypted for.</param>
    /// <returns>The plaintext length, and whether the value should be re-encrypted under the active key.</returns>
    /// <exception cref="EnvelopeFormatException">Truncated input, unknown version or algorithm.</exception>
    /// <exception cref="UnknownKeyException">The key id is not in the ring.</exception>
    /// <exception cref="KeyRevokedException">The key was revoked (an audit event is written).</exception>
    /// <exception cref="EnvelopeAuthenticationException">The envelope was modified or belongs to another context.</exception>
    FieldDecryptionResult Decrypt(ReadOnlySpan<byte> envelope, Span<byte> destination, EncryptionContext context);

    /// <summary>
    /// The explicit migration path: decrypts <paramref name="envelope"/> and encrypts it again under
    /// the active key. With <paramref name="allowRevokedKey"/> it may read values under a revoked
    /// key, which <see cref="Decrypt"/> never does.
    /// </summary>
    /// <param name="envelope">The stored envelope.</param>
    /// <param name="context">Its context (the new envelope is bound to the same context).</param>
    /// <param name="allowRevokedKey">Whether values under revoked keys may be read to move them to the active key.</param>
    /// <returns>The new envelope, or null when the value already uses the active key.</returns>
    byte[]? Reencrypt(ReadOnlySpan<byte> envelope, EncryptionContext context, bool allowRevokedKey = false);
}

/// <summary>The outcome of <see cref="IFieldEncryptor.Decrypt"/>.</summary>
/// <param name="BytesWritten">The plaintext length.</param>
/// <param name="NeedsReencryption">True when the value uses a key other than the active one (a retired key): write it back re-encrypted.</param>
public readonly record struct FieldDecryptionResult(int BytesWritten, bool NeedsReencryption);
