using System.Text;
using Compliance.Runtime.Mfa;
using OtpNet;

namespace Compliance.Runtime.Tests.Mfa;

/// <summary>
/// The TOTP codes come from Otp.NET; these vectors check that the options are mapped onto it as
/// RFC 6238 means them (algorithm, period, code length), and that the base32 it reads and writes
/// is the RFC 4648 alphabet authenticator apps use.
/// </summary>
public sealed class TotpAlgorithmTests
{
    private static readonly byte[] Sha1Seed = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly byte[] Sha256Seed = Encoding.ASCII.GetBytes("12345678901234567890123456789012");
    private static readonly byte[] Sha512Seed = Encoding.ASCII.GetBytes("1234567890123456789012345678901234567890123456789012345678901234");

    // RFC 6238 Appendix B.
    [Theory]
    [InlineData(59L, TotpAlgorithm.Sha1, "94287082")]
    [InlineData(59L, TotpAlgorithm.Sha256, "46119246")]
    [InlineData(59L, TotpAlgorithm.Sha512, "90693936")]
    [InlineData(1111111109L, TotpAlgorithm.Sha1, "07081804")]
    [InlineData(1111111109L, TotpAlgorithm.Sha256, "68084774")]
    [InlineData(1111111109L, TotpAlgorithm.Sha512, "25091201")]
    [InlineData(1111111111L, TotpAlgorithm.Sha1, "14050471")]
    [InlineData(1111111111L, TotpAlgorithm.Sha256, "67062674")]
    [InlineData(1111111111L, TotpAlgorithm.Sha512, "99943326")]
    [InlineData(1234567890L, TotpAlgorithm.Sha1, "89005924")]
    [InlineData(1234567890L, TotpAlgorithm.Sha256, "91819424")]
    [InlineData(1234567890L, TotpAlgorithm.Sha512, "93441116")]
    [InlineData(2000000000L, TotpAlgorithm.Sha1, "69279037")]
    [InlineData(2000000000L, TotpAlgorithm.Sha256, "90698825")]
    [InlineData(2000000000L, TotpAlgorithm.Sha512, "38618901")]
    [InlineData(20000000000L, TotpAlgorithm.Sha1, "65353130")]
    [InlineData(20000000000L, TotpAlgorithm.Sha256, "77737706")]
    [InlineData(20000000000L, TotpAlgorithm.Sha512, "47863826")]
    public void Rfc6238_AppendixB(long unixSeconds, TotpAlgorithm algorithm, string expected)
    {
        var seed = algorithm switch { TotpAlgorithm.Sha256 => Sha256Seed, TotpAlgorithm.Sha512 => Sha512Seed, _ => Sha1Seed };
        var totp = TotpCodes.Create(new TotpSecretKey(seed), new TotpOptions { Algorithm = algorithm, Digits = 8 });

        Assert.Equal(expected, totp.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime));
    }

    [Fact]
    public void SixDigitCodes_AreTheLowDigits()
    {
        var totp = TotpCodes.Create(new TotpSecretKey(Sha1Seed), new TotpOptions());

        Assert.Equal("081804", totp.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(1111111109).UtcDateTime));
    }

    [Fact]
    public void TheSecretKey_GivesTheLibrarysOwnCodes()
    {
        var time = new DateTime(2025, 3, 14, 9, 0, 5, DateTimeKind.Utc);
        foreach (var mode in new[] { OtpHashMode.Sha1, OtpHashMode.Sha256, OtpHashMode.Sha512 })
        {
            Assert.Equal(new Totp(Sha1Seed, mode: mode).ComputeTotp(time), new Totp(new TotpSecretKey(Sha1Seed), mode: mode).ComputeTotp(time));
        }
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(1, 1, 1)]
    public void TheWindow_IsTheAllowedDrift(int drift, int earlier, int later)
    {
        var window = TotpCodes.Window(new TotpOptions { AllowedDriftSteps = drift });

        Assert.Equal(Enumerable.Range(100 - earlier, earlier + later + 1).Select(static s => (long)s).Order(), window.ValidationCandidates(100).Order());
    }

    [Theory]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    public void Base32_Rfc4648Vectors(string text, string encoded)
    {
        // The library pads to a multiple of eight characters; enrolment secrets are 20 bytes, which need none.
        Assert.Equal(encoded, Base32Encoding.ToString(Encoding.ASCII.GetBytes(text)).TrimEnd('='));
        Assert.Equal(text, Encoding.ASCII.GetString(Base32Encoding.ToBytes(encoded)));
        Assert.Equal(text, Encoding.ASCII.GetString(Base32Encoding.ToBytes(encoded.ToLowerInvariant())));
    }
}
