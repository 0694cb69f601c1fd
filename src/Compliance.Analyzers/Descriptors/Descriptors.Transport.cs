using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers;

public static partial class Descriptors
{
    public static readonly DiagnosticDescriptor HttpsNotEnforced = Rule(
        RuleIds.HttpsNotEnforced,
        "HTTPS not enforced",
        "{0}",
        Categories.Transport,
        DiagnosticSeverity.Warning,
        "Without HTTPS redirection and HSTS, a first request or a downgraded connection travels in clear text; authentication metadata fetched over HTTP can be tampered with.",
        Controls.HipaaTransmissionSecurity,
        Controls.Soc2DataInTransit);

    public static readonly DiagnosticDescriptor WeakTransportSecurity = Rule(
        RuleIds.WeakTransportSecurity,
        "Weak TLS or certificate validation disabled",
        "{0}",
        Categories.Transport,
        DiagnosticSeverity.Warning,
        "SSL 2/3, TLS 1.0 and TLS 1.1 are broken or deprecated, and a certificate validation callback that accepts everything lets anyone on the network impersonate the server.",
        Controls.HipaaTransmissionSecurity,
        Controls.Soc2DataInTransit);

    public static readonly DiagnosticDescriptor SecurityHeadersMissing = Rule(
        RuleIds.SecurityHeadersMissing,
        "Security headers not configured",
        "The application's pipeline adds no security headers (nosniff, frame-ancestors, referrer policy, no-store for PHI); call app.UseSecurityHeaders() from Compliance.Runtime or configure an equivalent",
        Categories.Transport,
        DiagnosticSeverity.Warning,
        "Security headers tell browsers not to sniff content types, not to frame the application, not to leak URLs in the Referer header and not to cache PHI responses.",
        Controls.HipaaTransmissionSecurity,
        Controls.Soc2BoundaryProtection,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CleartextTransport = Rule(
        RuleIds.CleartextTransport,
        "Cleartext transport of secrets or PHI",
        "{0}",
        Categories.Transport,
        DiagnosticSeverity.Warning,
        "A request sent to an http:// or ftp:// address, or mail sent without TLS, crosses the network in clear text: the PHI in it, and the credentials and tokens that go with it, can be read and changed by anyone on the path.",
        Controls.HipaaTransmissionSecurity,
        Controls.Soc2DataInTransit);

    public static readonly DiagnosticDescriptor PermissiveCors = Rule(
        RuleIds.PermissiveCors,
        "Permissive CORS policy",
        "The CORS policy {0}; list the allowed origins explicitly",
        Categories.Transport,
        DiagnosticSeverity.Warning,
        "A CORS policy that allows any origin lets every website read the API's responses from a user's browser; with credentials allowed, it can do so as the signed-in user.",
        Controls.HipaaAccessControl,
        Controls.Soc2BoundaryProtection);

    public static readonly DiagnosticDescriptor DeveloperExceptionPage = Rule(
        RuleIds.DeveloperExceptionPage,
        "Developer error page outside development",
        "{0} runs outside a development-only branch, so stack traces, queries and the PHI in them reach whoever triggers an error; call it only under app.Environment.IsDevelopment()",
        Categories.Transport,
        DiagnosticSeverity.Warning,
        "The developer exception page, the database error page and the migrations endpoint show stack traces, source, SQL, headers and cookies, and the data being processed, to any client that triggers an error. They belong to development only; ASP.NET Core 6 and later enable the developer exception page there automatically.",
        Controls.HipaaAccessControl,
        Controls.HipaaMinimumNecessary,
        Controls.Soc2LogicalAccess,
        Controls.Soc2Confidentiality);
}
