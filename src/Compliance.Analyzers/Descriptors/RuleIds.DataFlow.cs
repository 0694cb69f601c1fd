namespace Compliance.Analyzers;

public static partial class RuleIds
{
    public const string ClassifiedDataInLog = "CMP2001";
    public const string ClassifiedDataInException = "CMP2002";
    public const string ClassifiedDataInTelemetry = "CMP2003";
    public const string ClassifiedDataInUrlHeaderOrCookie = "CMP2004";
    public const string ClassifiedObjectLoggedWhole = "CMP2005";
    public const string UnclassifiedIdentifierMember = "CMP2006";
    public const string ClassifiedDataPersistedUnencrypted = "CMP2007";
}
