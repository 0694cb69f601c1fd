using System.Buffers.Binary;

namespace Compliance.Runtime.Encryption;

/// <summary>
/// The layout of an encrypted field. Format version 1:
/// <c>version (1) | algorithm (1) | key id (4, big-endian) | nonce (12) | ciphertext (n) | tag (16)</c>,
/// 34 bytes more than the plaintext; the first six bytes are authenticated together with the
/// <see cref="EncryptionContext"/>. Format version 2 (row-bound, written when the context has a
/// row key): <c>version (1) | algorithm (1) | key id (4) | row tag (16) | nonce (12) | ciphertext (n) | tag (16)</c>,
/// 50 bytes of overhead; the first 22 bytes are authenticated with the context's (tenant, table,
/// column), and the row tag, <c>SHA-256(lp("cr.row.v1") || lp(rowKey))[0..16]</c>, must match the
/// row the value is read from.
/// </summary>
public static class FieldEnvelope
{
    /// <summary>The format version byte. A new layout gets a new version; a version is never reused.</summary>
    public const byte Version1 = 0x01;

    /// <summary>The format version byte of a row-bound envelope (version 1's fields plus a row tag).</summary>
    public const byte Version2RowBound = 0x02;

    /// <summary>The algorithm byte of AES-256-GCM with a 12-byte random nonce and a 16-byte tag.</summary>
    public const byte Aes256Gcm = 0x01;

    /// <summary>The bytes before the ciphertext: version, algorithm, key id, nonce.</summary>
    public const int HeaderLength = 18;

    /// <summary>The bytes added to the plaintext: header and tag.</summary>
    public const int Overhead = HeaderLength + TagLength;

    /// <summary>The bytes a row-bound (version 2) envelope adds to the plaintext.</summary>
    public const int RowBoundOverhead = Overhead + RowTagLength;

    internal const int AuthenticatedHeaderLength = 6;
    internal const int RowTagOffset = 6;
    internal const int RowTagLength = 16;
    internal const int RowBoundAuthenticatedHeaderLength = AuthenticatedHeaderLength + RowTagLength;
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

    /// <summary>The envelope length for a plaintext in <paramref name="context"/> (row-bound contexts add a 16-byte row tag).</summary>
    /// <param name="plaintextLength">The plaintext length.</param>
    /// <param name="context">The context the value is encrypted for.</param>
    /// <returns>The envelope length.</returns>
    public static int GetEnvelopeLength(int plaintextLength, EncryptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return checked(GetEnvelopeLength(plaintextLength) + (context.RowKey.Length > 0 ? RowTagLength : 0));
    }

    /// <summary>Reads the row tag of a row-bound envelope without decrypting it.</summary>
    /// <param name="envelope">The envelope.</param>
    /// <param name="rowTag">The 16-byte row tag.</param>
    /// <returns>False when the input is not a complete row-bound envelope.</returns>
    public static bool TryReadRowTag(ReadOnlySpan<byte> envelope, out ReadOnlySpan<byte> rowTag)
    {
        if (envelope.Length < RowBoundOverhead || envelope[0] != Version2RowBound || envelope[1] != Aes256Gcm)
        {
            rowTag = default;
            return false;
        }

        rowTag = envelope.Slice(RowTagOffset, RowTagLength);
        return true;
    }

    /// <summary>The plaintext length inside an envelope of <paramref name="envelopeLength"/> bytes (0 when too short).</summary>
    /// <param name="envelopeLength">The envelope length.</param>
    /// <returns>The plaintext length.</returns>
    public static int GetPlaintextLength(int envelopeLength) => Math.Max(0, envelopeLength - Overhead);

    /// <summary>
    /// The exact plaintext length inside <paramref name="envelope"/> (0 when too short): a
    /// row-bound envelope holds 16 bytes fewer than <see cref="GetPlaintextLength(int)"/>, which is
    /// only an upper bound for it.
    /// </summary>
    /// <param name="envelope">The envelope.</param>
    /// <returns>The plaintext length.</returns>
    public static int GetPlaintextLength(ReadOnlySpan<byte> envelope) =>
        Math.Max(0, envelope.Length - (!envelope.IsEmpty && envelope[0] == Version2RowBound ? RowBoundOverhead : Overhead));

    /// <summary>Reads the key id of a version 1 or 2 envelope without decrypting it (for key usage reports).</summary>
    /// <param name="envelope">The envelope.</param>
    /// <param name="keyId">The key id.</param>
    /// <returns>False when the input is not a complete envelope of a known version.</returns>
    public static bool TryReadKeyId(ReadOnlySpan<byte> envelope, out uint keyId)
    {
        var minimum = envelope.IsEmpty ? int.MaxValue : envelope[0] == Version2RowBound ? RowBoundOverhead : Overhead;
        if (envelope.Length < minimum || envelope[0] is not (Version1 or Version2RowBound) || envelope[1] != Aes256Gcm)
        {
            keyId = 0;
            return false;
        }

        keyId = BinaryPrimitives.ReadUInt32BigEndian(envelope[KeyIdOffset..]);
        return true;
    }
}
