namespace Compliance.Analyzers;

public static partial class RuleIds
{
    public const string SessionTimeoutTooLong = "CMP4005";
    public const string HttpsNotEnforced = "CMP4006";
    public const string JwtValidationWeakened = "CMP4007";
    public const string PermissiveCors = "CMP4008";
    public const string WeakTransportSecurity = "CMP4009";
    public const string WeakCryptography = "CMP4010";
    public const string InsecureRandomness = "CMP4011";
    public const string SecurityHeadersMissing = "CMP4012";
    public const string CleartextTransport = "CMP4013";
    public const string DeveloperExceptionPage = "CMP4014";
    public const string InvalidConfiguration = "CMP9001";
    public const string UnjustifiedSuppression = "CMP9002";
}
