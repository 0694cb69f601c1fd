namespace Compliance.Runtime.Mfa;

/// <summary>Settings of TOTP multi-factor authentication, bound from <c>Compliance:Mfa</c>.</summary>
public sealed class TotpOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Compliance:Mfa";

    /// <summary>The issuer shown by authenticator apps (the product name). Defaults to the application name.</summary>
    public string? Issuer { get; set; }

    /// <summary>The HMAC (default SHA-1, the only one every authenticator app supports).</summary>
    public TotpAlgorithm Algorithm { get; set; } = TotpAlgorithm.Sha1;

    /// <summary>Code length, 6 to 8 (default 6).</summary>
    public int Digits { get; set; } = 6;

    /// <summary>The time step (default 30 seconds).</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Steps of clock drift accepted either side, 0 or 1 (default 1, the RFC 6238 recommendation).</summary>
    public int AllowedDriftSteps { get; set; } = 1;

    /// <summary>How many single-use recovery codes a user gets (default 10).</summary>
    public int RecoveryCodeCount { get; set; } = 10;

    /// <summary>How long a second factor counts as fresh for <see cref="RequireMfaAttribute"/> (default 12 hours, longer than any session).</summary>
    public TimeSpan FreshnessWindow { get; set; } = TimeSpan.FromHours(12);
}
