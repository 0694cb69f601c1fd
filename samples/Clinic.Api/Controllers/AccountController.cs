using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Compliance.Runtime;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Mfa;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Clinic.Api.Controllers;

/// <summary>
/// Clinician sign-in: a password first, then a TOTP code. Patient endpoints carry
/// <c>[RequireMfa]</c>, so a password-only session can enrol or verify a second factor and
/// nothing else. Every step signs in again, which gives the session a new id.
/// </summary>
[ApiController]
[Route("account")]
[Validated]
public sealed class AccountController(DemoCredentials credentials, ITotpService totp, IAuditLog audit, TimeProvider time) : ControllerBase
{
    public sealed record LoginRequest([Required, StringLength(100)] string UserName, [Required, StringLength(200)] string Password);

    public sealed record CodeRequest([Required, RegularExpression(@"^\d{6}$")] string Code);

    public sealed record RecoveryRequest([Required, StringLength(20)] string RecoveryCode);

    public sealed record LoginResult(bool MfaEnrolled);

    public sealed record Enrollment(string Secret, string OtpauthUri);

    [HttpPost("login")]
    [AllowAnonymous]
    [RateLimited(RateLimitTier.Authentication)]
    public async Task<ActionResult<LoginResult>> Login(LoginRequest request, CancellationToken cancellationToken)
    {
        if (!credentials.Verify(request.UserName, request.Password))
        {
            // The attempted user name is not recorded: it may be a mistyped password. Acknowledged: the
            // 401 leaves only once the failed sign-in is durable, so a guessing run cannot outpace the trail.
            await audit.WriteAsync(AuditEvent.Security(AuditActions.SignInFailed, AuditResult.Failed, HttpContext, reason: "invalid_credentials"), AuditDurability.Acknowledged, cancellationToken);
            return Unauthorized();
        }

        // Secure sessions audit the sign-in itself; the session only becomes MFA-fresh after /account/mfa.
        await SignInAsync(mfaVerified: false);
        return new LoginResult(await totp.IsEnrolledAsync(DemoCredentials.UserId, cancellationToken));
    }

    [HttpPost("mfa/enroll")]
    [Authorize]
    [RateLimited(RateLimitTier.Authentication)]
    public async Task<ActionResult<Enrollment>> BeginEnrollment(CancellationToken cancellationToken)
    {
        var enrollment = await totp.BeginEnrollmentAsync(UserId, DemoCredentials.UserName, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return new Enrollment(enrollment.Secret, enrollment.Uri.AbsoluteUri);
    }

    [HttpPost("mfa/confirm")]
    [Authorize]
    [RateLimited(RateLimitTier.Authentication)]
    public async Task<ActionResult<IReadOnlyList<string>>> ConfirmEnrollment(CodeRequest request, CancellationToken cancellationToken)
    {
        var recoveryCodes = await totp.ConfirmEnrollmentAsync(UserId, request.Code, cancellationToken);
        if (recoveryCodes is null)
        {
            return Unauthorized();
        }

        await SignInAsync(mfaVerified: true);
        Response.Headers.CacheControl = "no-store";
        return Ok(recoveryCodes);
    }

    [HttpPost("mfa")]
    [Authorize]
    [RateLimited(RateLimitTier.Authentication)]
    public async Task<IActionResult> VerifyCode(CodeRequest request, CancellationToken cancellationToken)
    {
        if (await totp.VerifyAsync(UserId, request.Code, cancellationToken) != TotpVerificationResult.Success)
        {
            return Unauthorized();
        }

        await SignInAsync(mfaVerified: true);
        return NoContent();
    }

    [HttpPost("mfa/recovery")]
    [Authorize]
    [RateLimited(RateLimitTier.Authentication)]
    public async Task<IActionResult> UseRecoveryCode(RecoveryRequest request, CancellationToken cancellationToken)
    {
        if (!await totp.RedeemRecoveryCodeAsync(UserId, request.RecoveryCode, cancellationToken))
        {
            return Unauthorized();
        }

        await SignInAsync(mfaVerified: true);
        return NoContent();
    }

    [HttpPost("logout")]
    [Authorize]
    [RateLimited(RateLimitTier.Standard)]
    public async Task<IActionResult> Logout()
    {
        await HttpContext.SignOutAsync();
        return NoContent();
    }

    private string UserId => User.FindFirst("sub")?.Value ?? throw new InvalidOperationException("The session has no user id.");

    private async Task SignInAsync(bool mfaVerified)
    {
        var identity = new ClaimsIdentity([new Claim("sub", DemoCredentials.UserId), new Claim(MfaClaims.AuthenticationMethod, "pwd")], "Password");
        if (mfaVerified)
        {
            MfaClaims.Add(identity, time.GetUtcNow());
        }

        await HttpContext.SignInAsync(new ClaimsPrincipal(identity));
    }
}
