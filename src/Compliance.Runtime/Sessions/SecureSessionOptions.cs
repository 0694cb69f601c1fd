using Microsoft.AspNetCore.Authentication.Cookies;

namespace Compliance.Runtime.Sessions;

/// <summary>Settings of secure sessions, bound from <c>Compliance:Sessions</c>.</summary>
public sealed class SecureSessionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Compliance:Sessions";

    /// <summary>The cookie authentication scheme the sessions back (default <c>Cookies</c>). Set it in the <c>AddSecureSessions</c> delegate; configuration cannot change it.</summary>
    public string AuthenticationScheme { get; set; } = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>A session ends after this long without a request (default 15 minutes, HIPAA automatic logoff).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A session ends this long after sign-in, however active (default 8 hours).</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How often a session's last activity is written back (default 1 minute): fewer cache writes,
    /// at the price of that much slack in the idle timeout.
    /// </summary>
    public TimeSpan ActivityWriteInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The session cookie's name; it must keep the <c>__Host-</c> prefix (default <c>__Host-session</c>).</summary>
    public string CookieName { get; set; } = "__Host-session";

    /// <summary>Whether unsafe requests authenticated by the session cookie must carry an antiforgery header token (default true).</summary>
    public bool RequireCsrfToken { get; set; } = true;

    /// <summary>The request header carrying the antiforgery token (default <c>X-CSRF-TOKEN</c>).</summary>
    public string CsrfHeaderName { get; set; } = "X-CSRF-TOKEN";

    /// <summary>The antiforgery cookie's name (default <c>__Host-csrf</c>).</summary>
    public string CsrfCookieName { get; set; } = "__Host-csrf";

    /// <summary>
    /// Whether challenges and forbidden answers are plain 401/403 status codes instead of redirects
    /// to login pages (default true, right for APIs and single-page applications).
    /// </summary>
    public bool UseStatusCodesForChallenges { get; set; } = true;
}
