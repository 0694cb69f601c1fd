namespace Compliance.Runtime.Mfa;

/// <summary>
/// TOTP second factor (RFC 6238): enrolment with an <c>otpauth://</c> URI, verification within one
/// step of clock drift with replay protection (a time step is accepted at most once per user),
/// and hashed single-use recovery codes. Secrets are stored through field encryption. Put the
/// endpoints that call it under <c>[RateLimited(RateLimitTier.Authentication)]</c>.
/// </summary>
public interface ITotpService
{
    /// <summary>
    /// Generates a new 160-bit secret for <paramref name="userId"/> (replacing an unconfirmed one)
    /// and returns what the authenticator app needs. The enrolment counts once confirmed with
    /// <see cref="ConfirmEnrollmentAsync"/>.
    /// </summary>
    /// <param name="userId">The user's stable id.</param>
    /// <param name="accountName">The account label shown in the app (for example the user name; not PHI).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The secret (for manual entry) and the <c>otpauth://</c> URI (for a QR code).</returns>
    /// <exception cref="InvalidOperationException">The user already has a confirmed enrolment; remove it first.</exception>
    Task<TotpEnrollment> BeginEnrollmentAsync(string userId, string accountName, CancellationToken cancellationToken = default);

    /// <summary>Confirms an enrolment with a first code and returns the user's recovery codes (shown once).</summary>
    /// <param name="userId">The user.</param>
    /// <param name="code">The code from the app.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The recovery codes, or null when the code is wrong.</returns>
    Task<IReadOnlyList<string>?> ConfirmEnrollmentAsync(string userId, string code, CancellationToken cancellationToken = default);

    /// <summary>Verifies a code of a confirmed enrolment.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="code">The code.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The outcome; only <see cref="TotpVerificationResult.Success"/> proves the factor.</returns>
    Task<TotpVerificationResult> VerifyAsync(string userId, string code, CancellationToken cancellationToken = default);

    /// <summary>Uses up one recovery code.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="recoveryCode">The code, with or without its dash, in any case.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>True when the code was valid and unused.</returns>
    Task<bool> RedeemRecoveryCodeAsync(string userId, string recoveryCode, CancellationToken cancellationToken = default);

    /// <summary>Replaces the user's recovery codes with new ones.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new codes (shown once).</returns>
    Task<IReadOnlyList<string>> RegenerateRecoveryCodesAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Whether the user has a confirmed TOTP enrolment.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>True when enrolled.</returns>
    Task<bool> IsEnrolledAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Removes the user's second factor and recovery codes.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when removed.</returns>
    Task RemoveAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves every stored TOTP secret to the active key, like <c>ReencryptAsync</c> does for entity
    /// columns (and inside the same <see cref="Encryption.ReencryptionScope"/>). Run it after every
    /// rotation, before revoking the retired key: a secret under a revoked key no longer decrypts,
    /// and its user is locked out. With <paramref name="allowRevokedKeys"/> it rescues secrets
    /// after an emergency revocation.
    /// </summary>
    /// <param name="allowRevokedKeys">Whether secrets under revoked keys may be read to move them.</param>
    /// <param name="cancellationToken">Cancels the job between records.</param>
    /// <returns>What was done.</returns>
    Task<MfaReencryptionReport> ReencryptSecretsAsync(bool allowRevokedKeys = false, CancellationToken cancellationToken = default);
}

/// <summary>What an authenticator app needs to enrol.</summary>
/// <param name="Secret">The secret in base32, for manual entry. Show it once; never log it.</param>
/// <param name="Uri">The <c>otpauth://totp/...</c> URI, for a QR code.</param>
public sealed record TotpEnrollment(string Secret, Uri Uri);

/// <summary>The outcome of <see cref="ITotpService.VerifyAsync"/>.</summary>
public enum TotpVerificationResult
{
    /// <summary>The code is valid and was not used before.</summary>
    Success = 0,

    /// <summary>The code is wrong, malformed or outside the accepted window.</summary>
    Invalid = 1,

    /// <summary>The code was valid but its time step was already used (a replay).</summary>
    Replayed = 2,

    /// <summary>The user has no confirmed enrolment.</summary>
    NotEnrolled = 3,
}
