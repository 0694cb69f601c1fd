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
}
