using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Compliance.Runtime.Encryption;

/// <summary>The envelope v1 implementation of <see cref="IFieldEncryptor"/> over the <see cref="KeyRing"/>.</summary>
internal sealed class FieldEncryptor(KeyRing ring) : IFieldEncryptor
{
    private const int StackLimit = 256;

    public int Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> destination, EncryptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // A context with a row key writes a row-bound (version 2) envelope: the row travels as a
        // tag in the authenticated header, so a reader that learns the row only after decrypting
        // (an ORM materialising an entity) can still refuse a value moved from another row.
        var rowBound = context.RowKey.Length > 0;
        var length = FieldEnvelope.GetEnvelopeLength(plaintext.Length, context);
        if (destination.Length < length)
        {
            throw new ArgumentException("The destination is shorter than the envelope.", nameof(destination));
        }

        var active = ring.Snapshot.Active;
        destination[0] = rowBound ? FieldEnvelope.Version2RowBound : FieldEnvelope.Version1;
        destination[1] = FieldEnvelope.Aes256Gcm;
        BinaryPrimitives.WriteUInt32BigEndian(destination[FieldEnvelope.KeyIdOffset..], active.Info.KeyId);
        var headerLength = FieldEnvelope.AuthenticatedHeaderLength;
        if (rowBound)
        {
            context.RowTag.CopyTo(destination[FieldEnvelope.RowTagOffset..]);
            headerLength = FieldEnvelope.RowBoundAuthenticatedHeaderLength;
        }

        var nonce = destination.Slice(headerLength, FieldEnvelope.NonceLength);
        NonceSource.Fill(nonce);

        var suffix = rowBound ? context.ColumnAssociatedDataSuffix : context.AssociatedDataSuffix;
        var aadLength = headerLength + suffix.Length;
        byte[]? rented = null;
        var aad = aadLength <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(aadLength));
        aad = aad[..aadLength];
        destination[..headerLength].CopyTo(aad);
        suffix.CopyTo(aad[headerLength..]);

        var bodyOffset = headerLength + FieldEnvelope.NonceLength;
        var cipher = active.Material.Ciphers.Get();
        try
        {
            cipher.Encrypt(nonce, plaintext, destination.Slice(bodyOffset, plaintext.Length), destination.Slice(bodyOffset + plaintext.Length, FieldEnvelope.TagLength), aad);
        }
        finally
        {
            active.Material.Ciphers.Return(cipher);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        active.Material.CountEncryption();
        return length;
    }

    public FieldDecryptionResult Decrypt(ReadOnlySpan<byte> envelope, Span<byte> destination, EncryptionContext context)
    {
        var scope = ReencryptionScope.Current;
        var result = DecryptCore(envelope, destination, context, scope?.AllowRevokedKeys == true, out var revoked);
        if (scope is not null)
        {
            if (result.NeedsReencryption)
            {
                scope.RecordPending();
            }

            if (revoked)
            {
                scope.RecordRevokedRead();
            }
        }

        return result;
    }

    public byte[]? Reencrypt(ReadOnlySpan<byte> envelope, EncryptionContext context, bool allowRevokedKey = false)
    {
        var length = FieldEnvelope.GetPlaintextLength(envelope.Length);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var result = DecryptCore(envelope, buffer, context, allowRevokedKey, out var revoked);
            if (revoked)
            {
                ReencryptionScope.Current?.RecordRevokedRead();
            }

            return result.NeedsReencryption ? this.Encrypt(buffer[..result.BytesWritten], context) : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer[..length]);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private FieldDecryptionResult DecryptCore(ReadOnlySpan<byte> envelope, Span<byte> destination, EncryptionContext context, bool allowRevokedKey, out bool revoked)
    {
        ArgumentNullException.ThrowIfNull(context);
        revoked = false;
        if (envelope.IsEmpty)
        {
            throw new EnvelopeFormatException(FieldEncryptionFailure.Truncated);
        }

        if (envelope[0] is not (FieldEnvelope.Version1 or FieldEnvelope.Version2RowBound))
        {
            throw new EnvelopeFormatException(FieldEncryptionFailure.UnknownVersion);
        }

        var rowBound = envelope[0] == FieldEnvelope.Version2RowBound;

        if (envelope.Length > 1 && envelope[1] != FieldEnvelope.Aes256Gcm)
        {
            throw new EnvelopeFormatException(FieldEncryptionFailure.UnknownAlgorithm);
        }

        var overhead = rowBound ? FieldEnvelope.RowBoundOverhead : FieldEnvelope.Overhead;
        if (envelope.Length < overhead)
        {
            throw new EnvelopeFormatException(FieldEncryptionFailure.Truncated);
        }

        var plaintextLength = envelope.Length - overhead;
        if (destination.Length < plaintextLength)
        {
            throw new ArgumentException("The destination is shorter than the plaintext.", nameof(destination));
        }

        var keyId = BinaryPrimitives.ReadUInt32BigEndian(envelope[FieldEnvelope.KeyIdOffset..]);
        if (!ring.TryGetKey(keyId, out var entry))
        {
            throw new UnknownKeyException(keyId);
        }

        if (entry.Info.State == DataKeyState.Revoked)
        {
            if (!allowRevokedKey)
            {
                ring.AuditRevokedKeyUse(keyId);
                throw new KeyRevokedException(keyId);
            }

            revoked = true;
        }

        var headerLength = FieldEnvelope.AuthenticatedHeaderLength;
        var suffix = context.AssociatedDataSuffix;
        if (rowBound)
        {
            // The row tag must be the reader's row, unless the caller checks it after decrypting
            // (DeferRowCheck); a row-bound value read for the column alone is refused.
            if (context.RowKey.Length > 0
                ? !envelope.Slice(FieldEnvelope.RowTagOffset, FieldEnvelope.RowTagLength).SequenceEqual(context.RowTag)
                : !context.DeferRowCheck)
            {
                throw new EnvelopeAuthenticationException(keyId);
            }

            headerLength = FieldEnvelope.RowBoundAuthenticatedHeaderLength;
            suffix = context.ColumnAssociatedDataSuffix;
        }

        var aadLength = headerLength + suffix.Length;
        byte[]? rented = null;
        var aad = aadLength <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(aadLength));
        aad = aad[..aadLength];
        envelope[..headerLength].CopyTo(aad);
        suffix.CopyTo(aad[headerLength..]);

        var output = destination[..plaintextLength];
        var cipher = entry.Material.Ciphers.Get();
        try
        {
            cipher.Decrypt(
                envelope.Slice(headerLength, FieldEnvelope.NonceLength),
                envelope.Slice(headerLength + FieldEnvelope.NonceLength, plaintextLength),
                envelope[^FieldEnvelope.TagLength..],
                output,
                aad);
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(output);
            throw new EnvelopeAuthenticationException(keyId);
        }
        finally
        {
            entry.Material.Ciphers.Return(cipher);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return new FieldDecryptionResult(plaintextLength, keyId != ring.Snapshot.Active.Info.KeyId);
    }
}
