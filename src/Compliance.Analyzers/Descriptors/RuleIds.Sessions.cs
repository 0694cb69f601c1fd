namespace Compliance.Analyzers;

public static partial class RuleIds
{
    public const string CookieWithoutHttpOnly = "CMP4001";
    public const string CookieWithoutSecure = "CMP4002";
    public const string CookieWithoutStrictSameSite = "CMP4003";
    public const string InsecureFrameworkCookie = "CMP4004";
    public const string SessionTimeoutTooLong = "CMP4005";
    public const string JwtValidationWeakened = "CMP4007";
}
