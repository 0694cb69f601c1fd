using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Compliance.Runtime.Encryption;

/// <summary>Array and string forms of <see cref="IFieldEncryptor"/>. The only allocation is the result.</summary>
public static class FieldEncryptorExtensions
{
    private const int StackLimit = 512;

    /// <summary>Encrypts <paramref name="plaintext"/> into a new envelope.</summary>
    /// <param name="encryptor">The encryptor.</param>
    /// <param name="plaintext">The value.</param>
    /// <param name="context">Where the value is stored.</param>
    /// <returns>The envelope.</returns>
    public static byte[] Encrypt(this IFieldEncryptor encryptor, ReadOnlySpan<byte> plaintext, EncryptionContext context)
    {
        ArgumentNullException.ThrowIfNull(encryptor);
        var envelope = new byte[FieldEnvelope.GetEnvelopeLength(plaintext.Length, context)];
        encryptor.Encrypt(plaintext, envelope, context);
        return envelope;
    }

    /// <summary>Decrypts <paramref name="envelope"/> into a new array.</summary>
    /// <param name="encryptor">The encryptor.</param>
    /// <param name="envelope">The envelope.</param>
    /// <param name="context">The context the value was encrypted for.</param>
    /// <param name="needsReencryption">True when the value should be written back re-encrypted.</param>
    /// <returns>The plaintext.</returns>
    public static byte[] Decrypt(this IFieldEncryptor encryptor, ReadOnlySpan<byte> envelope, EncryptionContext context, out bool needsReencryption)
    {
        ArgumentNullException.ThrowIfNull(encryptor);
        var plaintext = new byte[FieldEnvelope.GetPlaintextLength(envelope)];
        var result = encryptor.Decrypt(envelope, plaintext, context);
        needsReencryption = result.NeedsReencryption;
        return plaintext;
    }

    /// <summary>Encrypts the UTF-8 bytes of <paramref name="plaintext"/> into a binary envelope (the preferred column form).</summary>
    /// <param name="encryptor">The encryptor.</param>
    /// <param name="plaintext">The value.</param>
    /// <param name="context">Where the value is stored.</param>
    /// <returns>The envelope.</returns>
    public static byte[] EncryptString(this IFieldEncryptor encryptor, string plaintext, EncryptionContext context)
    {
        ArgumentNullException.ThrowIfNull(encryptor);
        ArgumentNullException.ThrowIfNull(plaintext);
        var byteCount = Encoding.UTF8.GetByteCount(plaintext);
        byte[]? rented = null;
        var buffer = byteCount <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        try
        {
            var utf8 = buffer[..Encoding.UTF8.GetBytes(plaintext, buffer)];
            return encryptor.Encrypt(utf8, context);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer[..byteCount]);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Decrypts a binary envelope holding UTF-8 text.</summary>
    /// <param name="encryptor">The encryptor.</param>
    /// <param name="envelope">The envelope.</param>
    /// <param name="context">The context the value was encrypted for.</param>
    /// <param name="needsReencryption">True when the value should be written back re-encrypted.</param>
    /// <returns>The text.</returns>
    public static string DecryptString(this IFieldEncryptor encryptor, ReadOnlySpan<byte> envelope, EncryptionContext context, out bool needsReencryption)
    {
        ArgumentNullException.ThrowIfNull(encryptor);
        var length = FieldEnvelope.GetPlaintextLength(envelope.Length);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var result = encryptor.Decrypt(envelope, buffer, context);
            needsReencryption = result.NeedsReencryption;
            return Encoding.UTF8.GetString(buffer[..result.BytesWritten]);
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

    /// <summary>Encrypts text into the text form of the envelope: unpadded base64url, for text-only columns.</summary>
    /// <param name="encryptor">The encryptor.</param>
    /// <param name="plaintext">The value.</param>
    /// <param name="context">Where the value is stored.</param>
    /// <returns>The base64url envelope.</returns>
    public static string EncryptToBase64Url(this IFieldEncryptor encryptor, string plaintext, EncryptionContext context) =>
        Base64Url.EncodeToString(encryptor.EncryptString(plaintext, context));

    /// <summary>Decrypts the base64url text form of an envelope.</summary>
    /// <param name="encryptor">The encryptor.</param>
    /// <param name="envelope">The base64url envelope.</param>
    /// <param name="context">The context the value was encrypted for.</param>
    /// <param name="needsReencryption">True when the value should be written back re-encrypted.</param>
    /// <returns>The text.</returns>
    /// <exception cref="EnvelopeFormatException">The text is not base64url.</exception>
    public static string DecryptFromBase64Url(this IFieldEncryptor encryptor, string envelope, EncryptionContext context, out bool needsReencryption)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(envelope);
        }
        catch (FormatException)
        {
            throw new EnvelopeFormatException(FieldEncryptionFailure.Malformed);
        }

        return encryptor.DecryptString(bytes, context, out needsReencryption);
    }
}
