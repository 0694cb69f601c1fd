using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers;

public static partial class Descriptors
{
    public static readonly DiagnosticDescriptor PermissiveCors = Rule(
        RuleIds.PermissiveCors,
        "Permissive CORS policy",
        "The CORS policy {0}; list the allowed origins explicitly",
        Categories.Configuration,
        DiagnosticSeverity.Warning,
        "A CORS policy that allows any origin lets every website read the API's responses from a user's browser; with credentials allowed, it can do so as the signed-in user.",
        Controls.HipaaAccessControl,
        Controls.Soc2BoundaryProtection);

    public static readonly DiagnosticDescriptor WeakTransportSecurity = Rule(
        RuleIds.WeakTransportSecurity,
        "Weak TLS or certificate validation disabled",
        "{0}",
        Categories.Transport,
        DiagnosticSeverity.Warning,
        "SSL 2/3, TLS 1.0 and TLS 1.1 are broken or deprecated, and a certificate validation callback that accepts everything lets anyone on the network impersonate the server.",
        Controls.HipaaTransmissionSecurity,
        Controls.Soc2DataInTransit);

    public static readonly DiagnosticDescriptor CleartextTransport = Rule(
        RuleIds.CleartextTransport,
        "Cleartext transport of secrets or PHI",
        "{0}",
        Categories.Transport,
        DiagnosticSeverity.Warning,
        "A request sent to an http:// or ftp:// address, or mail sent without TLS, crosses the network in clear text: the PHI in it, and the credentials and tokens that go with it, can be read and changed by anyone on the path.",
        Controls.HipaaTransmissionSecurity,
        Controls.Soc2DataInTransit);
}
