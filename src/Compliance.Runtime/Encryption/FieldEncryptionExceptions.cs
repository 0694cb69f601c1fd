using System.Security.Cryptography;

namespace Compliance.Runtime.Encryption;

/// <summary>Why a field could not be decrypted.</summary>
public enum FieldEncryptionFailure
{
    /// <summary>The input is shorter than a complete envelope.</summary>
    Truncated = 1,

    /// <summary>The format version byte is not one this library reads.</summary>
    UnknownVersion = 2,

    /// <summary>The algorithm byte is not one this library reads.</summary>
    UnknownAlgorithm = 3,

    /// <summary>The key id is not in the key ring.</summary>
    UnknownKey = 4,

    /// <summary>The key was revoked; only the explicit re-encryption path may still read it.</summary>
    KeyRevoked = 5,

    /// <summary>Authentication failed: the envelope was modified, or it belongs to another context (tenant, table, column, row).</summary>
    AuthenticationFailed = 6,

    /// <summary>The text form of an envelope is not valid base64url.</summary>
    Malformed = 7,
}

/// <summary>
/// A field could not be decrypted. Decryption fails closed: nothing is returned, and neither the
/// message nor any property holds plaintext, ciphertext or key material (the key id is not secret).
/// </summary>
public class FieldEncryptionException : CryptographicException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">Why decryption failed.</param>
    /// <param name="message">A message free of data.</param>
    /// <param name="keyId">The envelope's key id, when it could be read.</param>
    protected FieldEncryptionException(FieldEncryptionFailure failure, string message, uint? keyId = null)
        : base(message)
    {
        Failure = failure;
        KeyId = keyId;
    }

    /// <summary>Why decryption failed.</summary>
    public FieldEncryptionFailure Failure { get; }

    /// <summary>The envelope's key id, when it could be read.</summary>
    public uint? KeyId { get; }
}

/// <summary>The input is not a readable envelope: truncated, malformed, or of an unknown version or algorithm.</summary>
public sealed class EnvelopeFormatException : FieldEncryptionException
{
    internal EnvelopeFormatException(FieldEncryptionFailure failure)
        : base(failure, failure switch
        {
            FieldEncryptionFailure.UnknownVersion => "The encrypted field has an unknown format version.",
            FieldEncryptionFailure.UnknownAlgorithm => "The encrypted field names an unknown algorithm.",
            FieldEncryptionFailure.Malformed => "The encrypted field is not valid base64url.",
            _ => "The encrypted field is truncated.",
        })
    {
    }
}

/// <summary>The envelope names a key id that is not in the key ring (after reloading it).</summary>
public sealed class UnknownKeyException : FieldEncryptionException
{
    internal UnknownKeyException(uint keyId)
        : base(FieldEncryptionFailure.UnknownKey, $"The encrypted field names key {keyId:x8}, which is not in the key ring.", keyId)
    {
    }
}

/// <summary>The envelope was encrypted with a revoked key. Re-encrypt such values with <see cref="IFieldEncryptor.Reencrypt"/>.</summary>
public sealed class KeyRevokedException : FieldEncryptionException
{
    internal KeyRevokedException(uint keyId)
        : base(FieldEncryptionFailure.KeyRevoked, $"The encrypted field uses key {keyId:x8}, which was revoked.", keyId)
    {
    }
}

/// <summary>
/// The envelope did not authenticate: it was modified, or it was encrypted for another context
/// (tenant, table, column or row). AES-GCM cannot tell these apart, by design.
/// </summary>
public sealed class EnvelopeAuthenticationException : FieldEncryptionException
{
    internal EnvelopeAuthenticationException(uint keyId)
        : base(FieldEncryptionFailure.AuthenticationFailed, "The encrypted field failed authentication: it was modified or belongs to another context.", keyId)
    {
    }
}
