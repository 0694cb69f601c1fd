namespace Compliance.Runtime.Headers;

/// <summary>
/// The response headers written by <c>UseSecurityHeaders()</c>. Each has a restrictive default
/// suited to a JSON API; set one to null to leave that header alone (for example when a reverse
/// proxy writes it).
/// </summary>
public sealed class SecurityHeadersOptions
{
    /// <summary>The configuration section bound by <c>AddSecurityHeaders</c>.</summary>
    public const string SectionName = "Compliance:SecurityHeaders";

    /// <summary>
    /// <c>Strict-Transport-Security</c>, sent on HTTPS responses outside the Development
    /// environment (browsers ignore it over HTTP, and pinning localhost to HTTPS breaks other local
    /// sites). Default: one year, including subdomains.
    /// </summary>
    public string? StrictTransportSecurity { get; set; } = "max-age=31536000; includeSubDomains";

    /// <summary><c>X-Content-Type-Options</c>. Default <c>nosniff</c>.</summary>
    public string? ContentTypeOptions { get; set; } = "nosniff";

    /// <summary><c>X-Frame-Options</c> for older browsers; <see cref="ContentSecurityPolicy"/> carries <c>frame-ancestors</c>. Default <c>DENY</c>.</summary>
    public string? FrameOptions { get; set; } = "DENY";

    /// <summary><c>Referrer-Policy</c>. Default <c>no-referrer</c>: URLs may carry identifiers.</summary>
    public string? ReferrerPolicy { get; set; } = "no-referrer";

    /// <summary>
    /// <c>Content-Security-Policy</c>. The default forbids everything, which is right for API
    /// responses (JSON is never rendered as a document); relax it for endpoints that serve HTML.
    /// </summary>
    public string? ContentSecurityPolicy { get; set; } = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary><c>Permissions-Policy</c>. Default: no powerful browser features.</summary>
    public string? PermissionsPolicy { get; set; } = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    /// <summary><c>Cross-Origin-Resource-Policy</c>. Default <c>same-origin</c>.</summary>
    public string? CrossOriginResourcePolicy { get; set; } = "same-origin";

    /// <summary>
    /// <c>Cache-Control</c> forced on responses of endpoints that handle PHI (audited, or with
    /// <c>[Phi]</c>/<c>[Pii]</c> in their request or response types), replacing any value the
    /// endpoint set, so no shared or browser cache keeps PHI. Default <c>no-store</c>.
    /// </summary>
    public string? PhiCacheControl { get; set; } = "no-store";
}
