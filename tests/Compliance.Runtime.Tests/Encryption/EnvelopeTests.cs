using System.Buffers.Binary;
using System.Text;
using Compliance.Runtime.Encryption;

namespace Compliance.Runtime.Tests.Encryption;

public sealed class EnvelopeTests : IDisposable
{
    private static readonly EncryptionContext Ssn = new("patients", "ssn");
    private readonly EncryptionHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(64)]
    [InlineData(1024)]
    [InlineData(16 * 1024)]
    [InlineData(1024 * 1024)]
    public void RoundTrips_FromEmptyToOneMebibyte(int length)
    {
        var plaintext = new byte[length];
        new Random(length).NextBytes(plaintext);

        var envelope = _harness.Encryptor.Encrypt(plaintext, Ssn);
        var decrypted = _harness.Encryptor.Decrypt(envelope, Ssn, out var needsReencryption);

        Assert.Equal(length + 34, envelope.Length);
        Assert.Equal(plaintext, decrypted);
        Assert.False(needsReencryption);
    }

    [Fact]
    public void Header_IsVersionAlgorithmKeyIdNonce()
    {
        var envelope = _harness.Encryptor.EncryptString("123-45-6789", Ssn);

        Assert.Equal(FieldEnvelope.Version1, envelope[0]);
        Assert.Equal(FieldEnvelope.Aes256Gcm, envelope[1]);
        Assert.Equal(_harness.Ring.ActiveKey.KeyId, BinaryPrimitives.ReadUInt32BigEndian(envelope.AsSpan(2)));
        Assert.True(FieldEnvelope.TryReadKeyId(envelope, out var keyId));
        Assert.Equal(_harness.Ring.ActiveKey.KeyId, keyId);
        Assert.Equal(34, FieldEnvelope.Overhead);
        Assert.Equal(18, FieldEnvelope.HeaderLength);
    }

    [Fact]
    public void SameValue_EncryptsDifferentlyEachTime()
    {
        var first = _harness.Encryptor.EncryptString("123-45-6789", Ssn);
        var second = _harness.Encryptor.EncryptString("123-45-6789", Ssn);

        Assert.NotEqual(first, second);
        Assert.NotEqual(first.AsSpan(6, 12).ToArray(), second.AsSpan(6, 12).ToArray());
    }

    [Fact]
    public void Ciphertext_DoesNotContainThePlaintext()
    {
        var envelope = _harness.Encryptor.EncryptString("Jane Example, 123-45-6789", Ssn);

        Assert.DoesNotContain("123-45-6789", Encoding.UTF8.GetString(envelope), StringComparison.Ordinal);
    }

    [Fact]
    public void StringForms_RoundTrip()
    {
        var text = _harness.Encryptor.EncryptToBase64Url("José Ñúñez 🩺", Ssn);

        Assert.Matches("^[A-Za-z0-9_-]+$", text);
        Assert.Equal("José Ñúñez 🩺", _harness.Encryptor.DecryptFromBase64Url(text, Ssn, out _));
        Assert.Equal("x", _harness.Encryptor.DecryptString(_harness.Encryptor.EncryptString("x", Ssn), Ssn, out _));
    }

    [Fact]
    public void SpanApi_WritesIntoTheCallersBuffers()
    {
        Span<byte> envelope = stackalloc byte[64 + 34];
        Span<byte> plaintext = stackalloc byte[64];
        Span<byte> decrypted = stackalloc byte[64];
        plaintext.Fill(0x42);

        var written = _harness.Encryptor.Encrypt(plaintext, envelope, Ssn);
        var result = _harness.Encryptor.Decrypt(envelope, decrypted, Ssn);

        Assert.Equal(98, written);
        Assert.Equal(64, result.BytesWritten);
        Assert.True(decrypted.SequenceEqual(plaintext));
        Assert.Throws<ArgumentException>(() => _harness.Encryptor.Encrypt(new byte[10], new byte[43], Ssn));
    }

    [Fact]
    public void Context_EncodesItsPartsUnambiguously()
    {
        Assert.NotEqual(new EncryptionContext("ab", "c"), new EncryptionContext("a", "bc"));
        Assert.Equal(new EncryptionContext("patients", "ssn", "acme"), new EncryptionContext("patients", "ssn", "acme"));
        Assert.Equal("acme/patients.ssn", new EncryptionContext("patients", "ssn", "acme", "row-7").ToString());
    }
}
