using System.Security.Cryptography;
using OtpNet;

namespace Compliance.Runtime.Mfa;

/// <summary>
/// A decrypted TOTP secret lent to Otp.NET for one verification. The library's own
/// <see cref="InMemoryKey"/> copies the secret into an array it never clears, which would keep the
/// plaintext on the heap until a collection; this key computes the HMAC over the caller's buffer,
/// which the caller zeroes as soon as the verification is over.
/// </summary>
internal sealed class TotpSecretKey(byte[] secret) : IKeyProvider
{
    public byte[] ComputeHmac(OtpHashMode mode, byte[] data) => mode switch
    {
        OtpHashMode.Sha256 => HMACSHA256.HashData(secret, data),
        OtpHashMode.Sha512 => HMACSHA512.HashData(secret, data),
#pragma warning disable CA5350 // RFC 6238 and every authenticator app use HMAC-SHA1; HMAC-SHA1 remains a sound PRF.
        _ => HMACSHA1.HashData(secret, data),
#pragma warning restore CA5350
    };
}
