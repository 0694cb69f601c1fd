namespace Compliance.Runtime;

/// <summary>
/// Rate-limit tiers. The defaults (configurable) follow the security plan: the tiers for
/// credentials are deliberately tight to slow down credential stuffing (HIPAA 164.308(a)(5)(ii)(C)).
/// </summary>
public enum RateLimitTier
{
    /// <summary>Sign-in, token and MFA verification: 10 requests per 15 minutes.</summary>
    Authentication = 0,

    /// <summary>Password reset and recovery flows: 3 requests per hour.</summary>
    PasswordReset = 1,

    /// <summary>Ordinary API traffic: 100 requests per minute.</summary>
    Standard = 2,

    /// <summary>Exports and other expensive bulk operations: 10 requests per minute.</summary>
    Bulk = 3,

    /// <summary>Administrative operations: 50 requests per minute.</summary>
    Admin = 4,
}
