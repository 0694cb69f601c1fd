using System.Buffers.Binary;
using System.Text;
using Compliance.Runtime.Encryption;

namespace Compliance.Runtime.Tests.Encryption;

public sealed class DecryptionFailureTests : IDisposable
{
    private const string Secret = "123-45-6789";
    private static readonly EncryptionContext Ssn = new("patients", "ssn");
    private readonly EncryptionHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void TamperedCiphertext_FailsAuthentication()
    {
        var envelope = _harness.Encryptor.EncryptString(Secret, Ssn);
        envelope[20] ^= 0x01;

        var error = Assert.Throws<EnvelopeAuthenticationException>(() => _harness.Encryptor.DecryptString(envelope, Ssn, out _));
        Assert.Equal(FieldEncryptionFailure.AuthenticationFailed, error.Failure);
        AssertCarriesNoData(error, envelope);
    }

    [Theory]
    [InlineData("patients", "name", null, null)]
    [InlineData("clinicians", "ssn", null, null)]
    [InlineData("patients", "ssn", "other-tenant", null)]
    [InlineData("patients", "ssn", null, "row-2")]
    public void WrongContext_FailsAuthentication(string table, string column, string? tenant, string? rowKey)
    {
        var envelope = _harness.Encryptor.EncryptString(Secret, Ssn);

        var error = Assert.Throws<EnvelopeAuthenticationException>(() => _harness.Encryptor.DecryptString(envelope, new EncryptionContext(table, column, tenant, rowKey), out _));
        AssertCarriesNoData(error, envelope);
    }

    [Fact]
    public void RowBoundValue_DoesNotDecryptInAnotherRow()
    {
        var row1 = Ssn.WithRowKey("0197a3f0-row-1");
        var envelope = _harness.Encryptor.EncryptString(Secret, row1);

        Assert.Equal(Secret, _harness.Encryptor.DecryptString(envelope, row1, out _));
        Assert.Throws<EnvelopeAuthenticationException>(() => _harness.Encryptor.DecryptString(envelope, Ssn.WithRowKey("0197a3f0-row-2"), out _));
        Assert.Throws<EnvelopeAuthenticationException>(() => _harness.Encryptor.DecryptString(envelope, Ssn, out _));
    }

    [Fact]
    public void RowTag_IsAuthenticated()
    {
        var row1 = Ssn.WithRowKey("0197a3f0-row-1");
        var row2 = Ssn.WithRowKey("0197a3f0-row-2");
        var envelope = _harness.Encryptor.EncryptString(Secret, row1);
        Assert.Equal(FieldEnvelope.Version2RowBound, envelope[0]);
        Assert.True(FieldEnvelope.TryReadRowTag(envelope, out _));

        // Rewriting the row tag to another row's does not move the value: the tag is authenticated.
        var moved = (byte[])envelope.Clone();
        FieldEnvelope.TryReadRowTag(_harness.Encryptor.EncryptString("other", row2), out var otherTag);
        otherTag.CopyTo(moved.AsSpan(6, 16));
        var error = Assert.Throws<EnvelopeAuthenticationException>(() => _harness.Encryptor.DecryptString(moved, row2, out _));
        AssertCarriesNoData(error, moved);
    }

    [Fact]
    public void UnknownKeyId_IsReported()
    {
        var envelope = _harness.Encryptor.EncryptString(Secret, Ssn);
        var unknown = _harness.Ring.ActiveKey.KeyId ^ 0x5a5a5a5a;
        BinaryPrimitives.WriteUInt32BigEndian(envelope.AsSpan(2), unknown);

        var error = Assert.Throws<UnknownKeyException>(() => _harness.Encryptor.DecryptString(envelope, Ssn, out _));
        Assert.Equal(unknown, error.KeyId);
        Assert.Equal(FieldEncryptionFailure.UnknownKey, error.Failure);
        AssertCarriesNoData(error, envelope);
    }

    [Fact]
    public void TruncatedInput_IsReportedAtEveryLength()
    {
        var envelope = _harness.Encryptor.EncryptString(string.Empty, Ssn);
        Assert.Equal(34, envelope.Length);

        for (var length = 0; length < envelope.Length; length++)
        {
            var error = Assert.Throws<EnvelopeFormatException>(() => _harness.Encryptor.Decrypt(envelope.AsSpan(0, length), new byte[0], Ssn));
            Assert.Equal(FieldEncryptionFailure.Truncated, error.Failure);
        }
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x03)]
    [InlineData(0xff)]
    public void UnknownVersion_IsReported(byte version)
    {
        var envelope = _harness.Encryptor.EncryptString(Secret, Ssn);
        envelope[0] = version;

        var error = Assert.Throws<EnvelopeFormatException>(() => _harness.Encryptor.DecryptString(envelope, Ssn, out _));
        Assert.Equal(FieldEncryptionFailure.UnknownVersion, error.Failure);
        AssertCarriesNoData(error, envelope);
    }

    [Fact]
    public void UnknownAlgorithm_IsReported()
    {
        var envelope = _harness.Encryptor.EncryptString(Secret, Ssn);
        envelope[1] = 0x02;

        var error = Assert.Throws<EnvelopeFormatException>(() => _harness.Encryptor.DecryptString(envelope, Ssn, out _));
        Assert.Equal(FieldEncryptionFailure.UnknownAlgorithm, error.Failure);
    }

    [Fact]
    public void MalformedText_IsReported()
    {
        var error = Assert.Throws<EnvelopeFormatException>(() => _harness.Encryptor.DecryptFromBase64Url("not base64url!", Ssn, out _));
        Assert.Equal(FieldEncryptionFailure.Malformed, error.Failure);
    }

    [Fact]
    public void FlippingAnyByte_AlwaysFailsAndLeavesNoPlaintext()
    {
        var plaintext = Encoding.UTF8.GetBytes("Jane Example · 123-45-6789 · type 2 diabetes · ".PadRight(64, '.'));
        var envelope = _harness.Encryptor.Encrypt(plaintext, Ssn);
        var random = new Random(6238);
        byte[] masks = [0x01, 0x80, 0xff, 0, 0, 0];

        for (var position = 0; position < envelope.Length; position++)
        {
            for (var m = 0; m < masks.Length; m++)
            {
                var mask = masks[m] != 0 ? masks[m] : (byte)random.Next(1, 256);
                var tampered = (byte[])envelope.Clone();
                tampered[position] ^= mask;
                var destination = new byte[plaintext.Length];

                var error = Assert.ThrowsAny<FieldEncryptionException>(() => _harness.Encryptor.Decrypt(tampered, destination, Ssn));

                Assert.All(destination, b => Assert.Equal(0, b));
                AssertCarriesNoData(error, tampered);
            }
        }
    }

    private static void AssertCarriesNoData(Exception error, byte[] envelope)
    {
        var text = error.ToString();
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(envelope), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(envelope.AsSpan(18, 8)), text, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(error.Data);
    }
}
