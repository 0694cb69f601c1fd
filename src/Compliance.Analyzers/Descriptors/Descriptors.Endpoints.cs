using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers;

public static partial class Descriptors
{
    public static readonly DiagnosticDescriptor PhiEndpointNotAudited = Rule(
        RuleIds.PhiEndpointNotAudited,
        "Endpoint handling PHI is not audited",
        "Endpoint {0} is not audited: {1}",
        Categories.Endpoints,
        DiagnosticSeverity.Warning,
        "Every access to protected health information must leave an audit record: who, what, when and with which outcome. Add [Audited] (or .Audited() on a minimal API) so the audit middleware records each request to the endpoint.",
        Controls.HipaaAuditControls,
        Controls.Soc2Monitoring);

    public static readonly DiagnosticDescriptor EndpointWithoutRateLimit = Rule(
        RuleIds.EndpointWithoutRateLimit,
        "Endpoint has no rate limit",
        "Endpoint {0} is not rate limited: {1}",
        Categories.Endpoints,
        DiagnosticSeverity.Warning,
        "Endpoints without a rate limit let one client exhaust the service or enumerate records. Apply [RateLimited] (or .RateLimited()), ASP.NET Core's [EnableRateLimiting] / RequireRateLimiting, or a global limiter with UseRateLimiter.",
        Controls.HipaaRiskManagement,
        Controls.Soc2BoundaryProtection);

    /// <summary>
    /// CMP3002 for an application that limits nothing: one diagnostic on its <c>Build()</c> call
    /// instead of one per endpoint. Internal, so the catalog lists CMP3002 once.
    /// </summary>
    internal static readonly DiagnosticDescriptor ApplicationWithoutRateLimit = Rule(
        RuleIds.EndpointWithoutRateLimit,
        "Application has no rate limiting",
        "The application has no rate limiting: {0} {1} unlimited requests",
        Categories.Endpoints,
        DiagnosticSeverity.Warning,
        "Without any rate limit one client can exhaust the service or enumerate records. Add a global limiter (AddRateLimiter with a GlobalLimiter, and UseRateLimiter), or limit endpoints with [RateLimited] / [EnableRateLimiting].",
        Controls.HipaaRiskManagement,
        Controls.Soc2BoundaryProtection,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor AuthenticationEndpointNotOnAuthenticationTier = Rule(
        RuleIds.AuthenticationEndpointNotOnAuthenticationTier,
        "Authentication endpoint not on the authentication tier",
        "Authentication endpoint {0} {1}; it needs RateLimitTier.{2}",
        Categories.Endpoints,
        DiagnosticSeverity.Warning,
        "Sign-in, token, MFA and password endpoints are the target of credential stuffing and brute force. They need the strict authentication tier (10 attempts per 15 minutes) or, for password reset flows, the password-reset tier (3 per hour).",
        Controls.HipaaLoginMonitoring,
        Controls.HipaaAuthentication,
        Controls.Soc2BoundaryProtection);

    public static readonly DiagnosticDescriptor EndpointInputNotValidated = Rule(
        RuleIds.EndpointInputNotValidated,
        "Endpoint accepts input without validation",
        "Endpoint {0} binds {1} without validation",
        Categories.Endpoints,
        DiagnosticSeverity.Warning,
        "Request bodies, forms and complex query objects must be validated before they reach the application: unknown members rejected, DataAnnotations enforced, errors answered with ProblemDetails. Add [Validated] (or .Validated()).",
        Controls.HipaaIntegrity,
        Controls.Soc2ProcessingIntegrity);

    public static readonly DiagnosticDescriptor PhiEndpointAllowsAnonymous = Rule(
        RuleIds.PhiEndpointAllowsAnonymous,
        "Endpoint handling PHI allows anonymous access",
        "Endpoint {0} handles PHI ({1}) and is reachable anonymously: {2}",
        Categories.Endpoints,
        DiagnosticSeverity.Warning,
        "Protected health information may only be served to authenticated, authorized callers. Require authorization on the endpoint, its controller or route group, or through a fallback policy.",
        Controls.HipaaAccessControl,
        Controls.HipaaAuthentication,
        Controls.Soc2LogicalAccess);

    public static readonly DiagnosticDescriptor StateChangingEndpointWithoutCsrfProtection = Rule(
        RuleIds.StateChangingEndpointWithoutCsrfProtection,
        "State-changing endpoint without CSRF protection",
        "State-changing endpoint {0} is not protected against cross-site request forgery: {1}",
        Categories.Endpoints,
        DiagnosticSeverity.Warning,
        "A browser sends cookies with cross-site form posts, so an endpoint that changes state and accepts form data, or that relies on cookie authentication without a JSON body, must validate an antiforgery token.",
        Controls.HipaaIntegrity,
        Controls.Soc2BoundaryProtection);

    public static readonly DiagnosticDescriptor ControlsWithoutRuntime = Rule(
        RuleIds.ControlsWithoutRuntime,
        "Compliance controls are used but the runtime is not registered",
        "{0} {1} used on {2}, but the application never calls {3}, so {4}",
        Categories.Endpoints,
        DiagnosticSeverity.Warning,
        "[Audited], [RateLimited], [Validated] and [RequireMfa] (and their minimal-API conventions) are metadata: the middleware that audits, limits, validates and checks the second factor is added by builder.Services.AddCompliance() with the matching feature and app.UseCompliance(). Without them every request runs unaudited and unlimited, while the code reads as protected.",
        Controls.HipaaAuditControls,
        Controls.HipaaRiskManagement,
        Controls.Soc2BoundaryProtection,
        Controls.Soc2Monitoring,
        WellKnownDiagnosticTags.CompilationEnd);
}
