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
