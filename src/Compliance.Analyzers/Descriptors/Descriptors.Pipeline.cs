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
}
