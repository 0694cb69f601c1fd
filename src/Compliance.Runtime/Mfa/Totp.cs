using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Compliance.Runtime.Mfa;

/// <summary>The HMAC behind a TOTP code (RFC 6238 §1.2).</summary>
public enum TotpAlgorithm
{
    /// <summary>HMAC-SHA1, what every authenticator app supports (the default).</summary>
    Sha1 = 0,

    /// <summary>HMAC-SHA256.</summary>
    Sha256 = 1,

    /// <summary>HMAC-SHA512.</summary>
    Sha512 = 2,
}

/// <summary>The time-based one-time password algorithm of RFC 6238 (HOTP of RFC 4226 over a time step).</summary>
public static class Totp
{
    /// <summary>The time step of a point in time: whole <paramref name="period"/>s since the Unix epoch.</summary>
    /// <param name="time">The time.</param>
    /// <param name="period">The step length (30 seconds in practice).</param>
    /// <returns>The time step counter.</returns>
    public static long GetTimeStep(DateTimeOffset time, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        return (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / period.Ticks;
    }

    /// <summary>The code of one time step.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="timeStep">The time step counter.</param>
    /// <param name="algorithm">The HMAC.</param>
    /// <param name="digits">Code length, 6 to 8.</param>
    /// <returns>The code, zero-padded to <paramref name="digits"/> digits.</returns>
    public static string ComputeCode(ReadOnlySpan<byte> secret, long timeStep, TotpAlgorithm algorithm = TotpAlgorithm.Sha1, int digits = 6)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 6);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 8);
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, timeStep);
        Span<byte> mac = stackalloc byte[64];
        var length = algorithm switch
        {
            TotpAlgorithm.Sha256 => HMACSHA256.HashData(secret, counter, mac),
            TotpAlgorithm.Sha512 => HMACSHA512.HashData(secret, counter, mac),
#pragma warning disable CA5350 // RFC 6238 and every authenticator app use HMAC-SHA1; HMAC-SHA1 remains a sound PRF.
            _ => HMACSHA1.HashData(secret, counter, mac),
#pragma warning restore CA5350
        };

        // Dynamic truncation (RFC 4226 §5.3).
        var offset = mac[length - 1] & 0x0f;
        var binary = BinaryPrimitives.ReadInt32BigEndian(mac[offset..]) & 0x7fffffff;
        var modulus = digits switch { 6 => 1_000_000, 7 => 10_000_000, _ => 100_000_000 };
        return (binary % modulus).ToString(new string('0', digits), System.Globalization.CultureInfo.InvariantCulture);
    }
}
