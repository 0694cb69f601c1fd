namespace Compliance.Analyzers;

public static partial class RuleIds
{
    public const string WeakCryptography = "CMP6001";
    public const string InsecureRandomness = "CMP6002";
}
