using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Compliance.Runtime;
using Compliance.Runtime.Auditing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Clinic.Api.Controllers;

[ApiController]
[Route("account")]
[Validated]
public sealed class AccountController(DemoCredentials credentials, IAuditLog audit) : ControllerBase
{
    public sealed record LoginRequest([Required, StringLength(100)] string UserName, [Required, StringLength(200)] string Password);

    [HttpPost("login")]
    [AllowAnonymous]
    [RateLimited(RateLimitTier.Authentication)]
    public async Task<IActionResult> Login(LoginRequest request)
    {
        if (!credentials.Verify(request.UserName, request.Password))
        {
            // The attempted user name is not recorded: it may be a mistyped password.
            await audit.WriteAsync(AuditEvent.Security(AuditActions.SignInFailed, AuditResult.Failed, HttpContext, reason: "invalid_credentials"));
            return Unauthorized();
        }

        var identity = new ClaimsIdentity([new Claim("sub", DemoCredentials.UserId)], CookieAuthenticationDefaults.AuthenticationScheme);
        var principal = new ClaimsPrincipal(identity);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        HttpContext.User = principal;
        await audit.WriteAsync(AuditEvent.Security(AuditActions.SignInSucceeded, AuditResult.Success, HttpContext));
        return NoContent();
    }

    [HttpPost("logout")]
    [Authorize]
    [RateLimited(RateLimitTier.Standard)]
    public async Task<IActionResult> Logout()
    {
        await audit.WriteAsync(AuditEvent.Security(AuditActions.SignOut, AuditResult.Success, HttpContext));
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return NoContent();
    }
}
