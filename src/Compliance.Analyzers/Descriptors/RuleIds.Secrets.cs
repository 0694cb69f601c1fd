namespace Compliance.Analyzers;

public static partial class RuleIds
{
    public const string SecretInPublicConfiguration = "CMP1001";
    public const string SecretInCommittedConfiguration = "CMP1002";
    public const string HardCodedSecret = "CMP1003";
    public const string CredentialInLog = "CMP1004";
}
