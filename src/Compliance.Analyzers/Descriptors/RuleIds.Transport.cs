namespace Compliance.Analyzers;

public static partial class RuleIds
{
    public const string HttpsNotEnforced = "CMP5001";
    public const string WeakTransportSecurity = "CMP5002";
    public const string SecurityHeadersMissing = "CMP5003";
    public const string CleartextTransport = "CMP5004";
    public const string PermissiveCors = "CMP5005";
    public const string DeveloperExceptionPage = "CMP5006";
}
