namespace Compliance.Runtime.Headers;

/// <summary>
/// The response headers written by <c>UseSecurityHeaders()</c>. Each has a restrictive default;
/// set one to null (or to an empty string in configuration) to leave that header alone, for
/// example when a reverse proxy writes it.
/// The Content-Security-Policy is chosen per response: <see cref="PageContentSecurityPolicy"/> for
/// HTML documents, <see cref="ContentSecurityPolicy"/> for everything else.
/// </summary>
public sealed class SecurityHeadersOptions
{
    /// <summary>The configuration section bound by <c>AddSecurityHeaders</c> and <c>UseSecurityHeaders</c>.</summary>
    public const string SectionName = "Compliance:SecurityHeaders";

    /// <summary>The default <see cref="ContentSecurityPolicy"/>: nothing may load, run, frame or submit.</summary>
    public const string DefaultContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// The default <see cref="PageContentSecurityPolicy"/>: the page may load scripts, styles,
    /// images, fonts and fetches from its own origin only (no inline script or style, no eval),
    /// may post forms to its own origin, and may not be framed or change its base URL. Images also
    /// allow <c>data:</c> URIs, which Bootstrap's stylesheet uses for its icons.
    /// </summary>
    public const string DefaultPageContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>
    /// <c>Strict-Transport-Security</c>, sent on HTTPS responses outside the Development
    /// environment (browsers ignore it over HTTP, and pinning localhost to HTTPS breaks other local
    /// sites). Default: one year, including subdomains.
    /// </summary>
    public string? StrictTransportSecurity { get; set; } = "max-age=31536000; includeSubDomains";

    /// <summary><c>X-Content-Type-Options</c>. Default <c>nosniff</c>.</summary>
    public string? ContentTypeOptions { get; set; } = "nosniff";

    /// <summary><c>X-Frame-Options</c> for older browsers; the CSPs carry <c>frame-ancestors</c>. Default <c>DENY</c>.</summary>
    public string? FrameOptions { get; set; } = "DENY";

    /// <summary><c>Referrer-Policy</c>. Default <c>no-referrer</c>: URLs may carry identifiers.</summary>
    public string? ReferrerPolicy { get; set; } = "no-referrer";

    /// <summary>
    /// <c>Content-Security-Policy</c> of responses that are not HTML documents (JSON, problem
    /// details, files, empty bodies). Default <see cref="DefaultContentSecurityPolicy"/>, which
    /// forbids everything: such responses are never rendered as a page, so they need nothing.
    /// </summary>
    public string? ContentSecurityPolicy { get; set; } = DefaultContentSecurityPolicy;

    /// <summary>
    /// <c>Content-Security-Policy</c> of HTML responses (<c>text/html</c> or
    /// <c>application/xhtml+xml</c>: MVC views, Razor Pages, HTML error pages). Default
    /// <see cref="DefaultPageContentSecurityPolicy"/>. When the request asked for a nonce
    /// (<c>HttpContext.GetCspNonce()</c>), it is added to the <c>script-src</c> and
    /// <c>style-src</c> directives of this policy.
    /// </summary>
    public string? PageContentSecurityPolicy { get; set; } = DefaultPageContentSecurityPolicy;

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
