using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers;

public static partial class Descriptors
{
    public static readonly DiagnosticDescriptor SessionTimeoutTooLong = Rule(
        RuleIds.SessionTimeoutTooLong,
        "Session idle timeout longer than policy",
        "{0}",
        Categories.Configuration,
        DiagnosticSeverity.Warning,
        "HIPAA's automatic logoff requires sessions to end after a period of inactivity: the configured idle timeout (15 minutes by default) and absolute lifetime (12 hours by default) bound how long an unattended, signed-in workstation exposes PHI.",
        Controls.HipaaAutomaticLogoff,
        Controls.Soc2LogicalAccess);

    public static readonly DiagnosticDescriptor JwtValidationWeakened = Rule(
        RuleIds.JwtValidationWeakened,
        "JWT validation weakened",
        "{0}",
        Categories.Configuration,
        DiagnosticSeverity.Warning,
        "Every check of a JSON Web Token — signature, issuer, audience, lifetime — is what makes it a credential; turning one off, or accepting long-lived tokens, lets forged or stolen tokens in.",
        Controls.HipaaAuthentication,
        Controls.Soc2LogicalAccess);

    public static readonly DiagnosticDescriptor DeveloperExceptionPage = Rule(
        RuleIds.DeveloperExceptionPage,
        "Developer error page outside development",
        "{0} runs outside a development-only branch, so stack traces, queries and the PHI in them reach whoever triggers an error; call it only under app.Environment.IsDevelopment()",
        Categories.Configuration,
        DiagnosticSeverity.Warning,
        "The developer exception page, the database error page and the migrations endpoint show stack traces, source, SQL, headers and cookies, and the data being processed, to any client that triggers an error. They belong to development only; ASP.NET Core 6 and later enable the developer exception page there automatically.",
        Controls.HipaaAccessControl,
        Controls.HipaaMinimumNecessary,
        Controls.Soc2LogicalAccess,
        Controls.Soc2Confidentiality);
}
