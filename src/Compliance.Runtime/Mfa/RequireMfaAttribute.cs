namespace Compliance.Runtime.Mfa;

/// <summary>
/// The endpoint requires a session whose second factor was verified recently (the <c>amr</c> =
/// <c>mfa</c> and <c>mfa_at</c> claims of <see cref="MfaClaims"/>). Otherwise it answers 401 with a
/// step-up challenge (RFC 9470: <c>WWW-Authenticate: Bearer error="insufficient_user_authentication"</c>)
/// and a problem response naming the maximum age, so the client can run the MFA flow and retry.
/// Metadata only: the check runs in <c>app.UseCompliance()</c> after <c>AddMfa()</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class RequireMfaAttribute : Attribute
{
    /// <summary>
    /// How many minutes old the verification may be; 0 (the default) uses
    /// <see cref="TotpOptions.FreshnessWindow"/>. Set a few minutes on the most sensitive actions
    /// (exports, key management) to force a fresh step-up.
    /// </summary>
    public int MaxAgeMinutes { get; set; }
}
