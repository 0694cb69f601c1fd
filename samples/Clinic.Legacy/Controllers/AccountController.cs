using Microsoft.AspNetCore.Mvc;

namespace Clinic.Legacy.Controllers;

[ApiController]
[Route("account")]
public sealed class AccountController(ILogger<AccountController> logger) : ControllerBase
{
    public sealed record LoginRequest(string UserName, string Password);

    [HttpPost("login")]
    public IActionResult Login(LoginRequest request)
    {
        // CMP1004: added while debugging a sign-in problem and never taken out.
        logger.LogDebug("Sign-in attempt for {User} with {Password}", request.UserName, request.Password);

        // CMP4001, CMP4002, CMP4003: the front end reads the clinician's display name from this cookie, so it is not HttpOnly.
        Response.Cookies.Append("clinician", request.UserName);

        var options = new CookieOptions { HttpOnly = true };
        options.SameSite = SameSiteMode.None;
        Response.Cookies.Append("last-login", DateTimeOffset.UtcNow.ToString("O"), options);
        return Ok();
    }
}
