namespace Compliance.Analyzers;

public static partial class RuleIds
{
    public const string PhiEndpointNotAudited = "CMP3001";
    public const string EndpointWithoutRateLimit = "CMP3002";
    public const string AuthenticationEndpointNotOnAuthenticationTier = "CMP3003";
    public const string EndpointInputNotValidated = "CMP3004";
    public const string PhiEndpointAllowsAnonymous = "CMP3005";
    public const string StateChangingEndpointWithoutCsrfProtection = "CMP3006";
    public const string ControlsWithoutRuntime = "CMP3007";
}
