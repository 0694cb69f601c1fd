namespace Compliance.Analyzers;

public static partial class RuleIds
{
    public const string InvalidConfiguration = "CMP9001";
    public const string UnjustifiedSuppression = "CMP9002";
}
