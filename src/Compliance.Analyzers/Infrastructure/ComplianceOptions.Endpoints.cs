namespace Compliance.Analyzers.Infrastructure;

/// <summary>Which endpoints must be audited.</summary>
public enum AuditScope
{
    /// <summary>Endpoints that handle PHI/PII.</summary>
    Phi = 0,

    /// <summary>Every endpoint.</summary>
    All = 1,
}

public static partial class ComplianceOptions
{
    private const string EquivalentsDescription = "a comma-separated list of attribute or filter type names (full or simple names)";

    /// <summary><c>compliance.endpoints.audit_scope = phi|all</c> (default phi).</summary>
    public static readonly OptionDefinition<AuditScope> EndpointsAuditScope = new(
        "endpoints",
        "audit_scope",
        AuditScope.Phi,
        OptionParsers.OneOf(("phi", AuditScope.Phi), ("all", AuditScope.All)),
        "phi, all",
        RuleIds.PhiEndpointNotAudited);

    /// <summary>Attributes or filters that audit requests the way <c>[Audited]</c> does.</summary>
    public static readonly OptionDefinition<IReadOnlyList<string>> EndpointsAuditEquivalents = new(
        "endpoints",
        "audit_equivalents",
        Array.Empty<string>(),
        OptionParsers.List,
        EquivalentsDescription,
        RuleIds.PhiEndpointNotAudited);

    /// <summary>Attributes or filters that rate limit requests.</summary>
    public static readonly OptionDefinition<IReadOnlyList<string>> EndpointsRateLimitEquivalents = new(
        "endpoints",
        "rate_limit_equivalents",
        Array.Empty<string>(),
        OptionParsers.List,
        EquivalentsDescription,
        RuleIds.EndpointWithoutRateLimit);

    /// <summary>Attributes or filters that validate request input the way <c>[Validated]</c> does.</summary>
    public static readonly OptionDefinition<IReadOnlyList<string>> EndpointsValidationEquivalents = new(
        "endpoints",
        "validation_equivalents",
        Array.Empty<string>(),
        OptionParsers.List,
        EquivalentsDescription,
        RuleIds.EndpointInputNotValidated);

    /// <summary>Attributes or filters that authorize requests.</summary>
    public static readonly OptionDefinition<IReadOnlyList<string>> EndpointsAuthorizationEquivalents = new(
        "endpoints",
        "authorization_equivalents",
        Array.Empty<string>(),
        OptionParsers.List,
        EquivalentsDescription,
        RuleIds.PhiEndpointAllowsAnonymous);

    /// <summary>Attributes or filters that validate an antiforgery token.</summary>
    public static readonly OptionDefinition<IReadOnlyList<string>> EndpointsAntiforgeryEquivalents = new(
        "endpoints",
        "antiforgery_equivalents",
        Array.Empty<string>(),
        OptionParsers.List,
        EquivalentsDescription,
        RuleIds.StateChangingEndpointWithoutCsrfProtection);
}
