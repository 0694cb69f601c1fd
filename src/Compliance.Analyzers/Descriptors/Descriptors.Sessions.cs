using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers;

public static partial class Descriptors
{
    public static readonly DiagnosticDescriptor CookieWithoutHttpOnly = Rule(
        RuleIds.CookieWithoutHttpOnly,
        "Cookie without HttpOnly",
        "Cookie '{0}' is written without HttpOnly: {1}",
        Categories.Sessions,
        DiagnosticSeverity.Warning,
        "Cookies that carry session or user data must be HttpOnly so that script injected into the page cannot read them. CookieOptions defaults to HttpOnly = false.",
        Controls.HipaaAccessControl,
        Controls.Soc2LogicalAccess);

    public static readonly DiagnosticDescriptor CookieWithoutSecure = Rule(
        RuleIds.CookieWithoutSecure,
        "Cookie without Secure",
        "Cookie '{0}' is written without Secure: {1}",
        Categories.Sessions,
        DiagnosticSeverity.Warning,
        "Cookies must only travel over TLS; without Secure the browser also sends them over plain HTTP. CookieOptions defaults to Secure = false.",
        Controls.HipaaTransmissionSecurity,
        Controls.Soc2DataInTransit);

    public static readonly DiagnosticDescriptor CookieWithoutStrictSameSite = Rule(
        RuleIds.CookieWithoutStrictSameSite,
        "Cookie without a strict SameSite policy",
        "Cookie '{0}' is written with {1}; the minimum accepted is SameSite={2}",
        Categories.Sessions,
        DiagnosticSeverity.Warning,
        "Cookies must set an explicit SameSite mode of at least the configured minimum (Lax by default) so cross-site requests do not carry them. SameSite=None is always reported.",
        Controls.HipaaIntegrity,
        Controls.Soc2BoundaryProtection);

    public static readonly DiagnosticDescriptor InsecureFrameworkCookie = Rule(
        RuleIds.InsecureFrameworkCookie,
        "Authentication, session or antiforgery cookie configured insecurely",
        "The {0} cookie is configured with {1}",
        Categories.Sessions,
        DiagnosticSeverity.Warning,
        "The authentication, session and antiforgery cookies carry credentials. They must be Secure (CookieSecurePolicy.Always), HttpOnly and never SameSite=None.",
        Controls.HipaaAuthentication,
        Controls.HipaaTransmissionSecurity,
        Controls.Soc2LogicalAccess,
        Controls.Soc2DataInTransit);

    public static readonly DiagnosticDescriptor SessionTimeoutTooLong = Rule(
        RuleIds.SessionTimeoutTooLong,
        "Session idle timeout longer than policy",
        "{0}",
        Categories.Sessions,
        DiagnosticSeverity.Warning,
        "HIPAA's automatic logoff requires sessions to end after a period of inactivity: the configured idle timeout (15 minutes by default) and absolute lifetime (12 hours by default) bound how long an unattended, signed-in workstation exposes PHI.",
        Controls.HipaaAutomaticLogoff,
        Controls.Soc2LogicalAccess);

    public static readonly DiagnosticDescriptor JwtValidationWeakened = Rule(
        RuleIds.JwtValidationWeakened,
        "JWT validation weakened",
        "{0}",
        Categories.Sessions,
        DiagnosticSeverity.Warning,
        "Every check of a JSON Web Token — signature, issuer, audience, lifetime — is what makes it a credential; turning one off, or accepting long-lived tokens, lets forged or stolen tokens in.",
        Controls.HipaaAuthentication,
        Controls.Soc2LogicalAccess);
}
