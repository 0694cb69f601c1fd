using System.Globalization;
using System.Security.Claims;

namespace Compliance.Runtime.Mfa;

/// <summary>
/// The claims that record a verified second factor in a session: <c>amr</c> = <c>mfa</c> (RFC 8176)
/// and <c>mfa_at</c>, the Unix time of the verification. Add them when signing in again after a
/// successful verification; <see cref="RequireMfaAttribute"/> and audit records read them.
/// </summary>
public static class MfaClaims
{
    /// <summary>The authentication-methods claim type.</summary>
    public const string AuthenticationMethod = "amr";

    /// <summary>The <c>amr</c> value for multi-factor authentication.</summary>
    public const string MultiFactor = "mfa";

    /// <summary>The claim holding when the second factor was verified (Unix seconds).</summary>
    public const string AuthenticatedAt = "mfa_at";

    /// <summary>Adds the claims to <paramref name="identity"/>, replacing earlier ones.</summary>
    /// <param name="identity">The identity being signed in.</param>
    /// <param name="verifiedAt">When the second factor was verified.</param>
    public static void Add(ClaimsIdentity identity, DateTimeOffset verifiedAt)
    {
        ArgumentNullException.ThrowIfNull(identity);
        foreach (var claim in identity.FindAll(c => c.Type == AuthenticatedAt || (c.Type == AuthenticationMethod && c.Value == MultiFactor)).ToList())
        {
            identity.RemoveClaim(claim);
        }

        identity.AddClaim(new Claim(AuthenticationMethod, MultiFactor));
        identity.AddClaim(new Claim(AuthenticatedAt, verifiedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
    }

    /// <summary>When the principal's second factor was verified, or null when it has none.</summary>
    /// <param name="principal">The user.</param>
    /// <returns>The verification time.</returns>
    public static DateTimeOffset? GetAuthenticatedAt(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (!principal.HasClaim(AuthenticationMethod, MultiFactor))
        {
            return null;
        }

        var value = principal.FindFirst(AuthenticatedAt)?.Value;
        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }
}
