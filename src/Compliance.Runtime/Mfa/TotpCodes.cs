using OtpNet;

namespace Compliance.Runtime.Mfa;

/// <summary>The Otp.NET generator the <see cref="TotpOptions"/> describe: one place maps the options onto the library.</summary>
internal static class TotpCodes
{
    /// <summary>A TOTP generator over <paramref name="key"/> with the options' algorithm, period and code length.</summary>
    /// <param name="key">The shared secret.</param>
    /// <param name="options">The MFA options (validated at start: whole-second period, 6 to 8 digits).</param>
    /// <returns>The generator.</returns>
    public static Totp Create(IKeyProvider key, TotpOptions options)
        => new(key, step: (int)options.Period.TotalSeconds, mode: HashMode(options.Algorithm), totpSize: options.Digits);

    /// <summary>The accepted steps either side of the current one: the drift the options allow, at most one (RFC 6238 §5.2).</summary>
    /// <param name="options">The MFA options.</param>
    /// <returns>The window.</returns>
    public static VerificationWindow Window(TotpOptions options)
    {
        var drift = Math.Clamp(options.AllowedDriftSteps, 0, 1);
        return new VerificationWindow(drift, drift);
    }

    /// <summary>The library's name for <paramref name="algorithm"/>.</summary>
    /// <param name="algorithm">The configured HMAC.</param>
    /// <returns>The Otp.NET hash mode.</returns>
    public static OtpHashMode HashMode(TotpAlgorithm algorithm) => algorithm switch
    {
        TotpAlgorithm.Sha256 => OtpHashMode.Sha256,
        TotpAlgorithm.Sha512 => OtpHashMode.Sha512,
        _ => OtpHashMode.Sha1,
    };
}
