namespace Compliance.Analyzers.Infrastructure;

public static partial class ComplianceOptions
{
    /// <summary>
    /// <c>compliance.transport.security_headers_equivalents</c>: methods or middleware types that add
    /// security headers in place of <c>UseSecurityHeaders()</c> (for example <c>UseNWebsec, SecurityHeadersMiddleware</c>).
    /// </summary>
    public static readonly OptionDefinition<IReadOnlyList<string>> TransportSecurityHeadersEquivalents = new(
        "transport",
        "security_headers_equivalents",
        Array.Empty<string>(),
        OptionParsers.List,
        "a comma-separated list of method or middleware type names",
        RuleIds.SecurityHeadersMissing);
}
