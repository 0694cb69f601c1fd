using System.Buffers.Binary;

namespace Compliance.Runtime.Encryption;

/// <summary>
/// The layout of an encrypted field (format version 1):
/// <c>version (1) | algorithm (1) | key id (4, big-endian) | nonce (12) | ciphertext (n) | tag (16)</c>,
/// 34 bytes more than the plaintext. The first six bytes are authenticated together with the
/// <see cref="EncryptionContext"/>.
/// </summary>
public static class FieldEnvelope
{
    /// <summary>The format version byte. A new layout gets a new version; a version is never reused.</summary>
    public const byte Version1 = 0x01;

    /// <summary>The algorithm byte of AES-256-GCM with a 12-byte random nonce and a 16-byte tag.</summary>
    public const byte Aes256Gcm = 0x01;

    /// <summary>The bytes before the ciphertext: version, algorithm, key id, nonce.</summary>
    public const int HeaderLength = 18;

    /// <summary>The bytes added to the plaintext: header and tag.</summary>
    public const int Overhead = HeaderLength + TagLength;

    internal const int AuthenticatedHeaderLength = 6;
    internal const int KeyIdOffset = 2;
    internal const int NonceOffset = 6;
    internal const int NonceLength = 12;
    internal const int TagLength = 16;

    /// <summary>The envelope length for a plaintext of <paramref name="plaintextLength"/> bytes.</summary>
    /// <param name="plaintextLength">The plaintext length.</param>
    /// <returns><paramref name="plaintextLength"/> + <see cref="Overhead"/>.</returns>
    public static int GetEnvelopeLength(int plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        return checked(plaintextLength + Overhead);
    }

    /// <summary>The plaintext length inside an envelope of <paramref name="envelopeLength"/> bytes (0 when too short).</summary>
    /// <param name="envelopeLength">The envelope length.</param>
    /// <returns>The plaintext length.</returns>
    public static int GetPlaintextLength(int envelopeLength) => Math.Max(0, envelopeLength - Overhead);

    /// <summary>Reads the key id of a version 1 envelope without decrypting it (for key usage reports).</summary>
    /// <param name="envelope">The envelope.</param>
    /// <param name="keyId">The key id.</param>
    /// <returns>False when the input is not a complete version 1 envelope.</returns>
    public static bool TryReadKeyId(ReadOnlySpan<byte> envelope, out uint keyId)
    {
        if (envelope.Length < Overhead || envelope[0] != Version1 || envelope[1] != Aes256Gcm)
        {
            keyId = 0;
            return false;
        }

        keyId = BinaryPrimitives.ReadUInt32BigEndian(envelope[KeyIdOffset..]);
        return true;
    }
}
