namespace Compliance.Analyzers;

/// <summary>
/// The HIPAA Security/Privacy Rule sections and SOC 2 trust services criteria a rule protects.
/// They travel as diagnostic custom tags, which the compiler writes into SARIF, so auditors can
/// map every finding to a control.
/// </summary>
public static class Controls
{
    // HIPAA (45 CFR Part 164)
    public const string HipaaAccessControl = "HIPAA:164.312(a)(1)";
    public const string HipaaAutomaticLogoff = "HIPAA:164.312(a)(2)(iii)";
    public const string HipaaEncryptionAtRest = "HIPAA:164.312(a)(2)(iv)";
    public const string HipaaAuditControls = "HIPAA:164.312(b)";
    public const string HipaaIntegrity = "HIPAA:164.312(c)(1)";
    public const string HipaaAuthentication = "HIPAA:164.312(d)";
    public const string HipaaTransmissionSecurity = "HIPAA:164.312(e)(1)";
    public const string HipaaTransmissionEncryption = "HIPAA:164.312(e)(2)(ii)";
    public const string HipaaRiskManagement = "HIPAA:164.308(a)(1)(ii)(B)";
    public const string HipaaLoginMonitoring = "HIPAA:164.308(a)(5)(ii)(C)";
    public const string HipaaPasswordManagement = "HIPAA:164.308(a)(5)(ii)(D)";
    public const string HipaaBusinessAssociates = "HIPAA:164.308(b)(1)";
    public const string HipaaMinimumNecessary = "HIPAA:164.502(b)";
    public const string HipaaDeidentification = "HIPAA:164.514(b)(2)";

    // SOC 2 trust services criteria
    public const string Soc2LogicalAccess = "SOC2:CC6.1";
    public const string Soc2BoundaryProtection = "SOC2:CC6.6";
    public const string Soc2DataInTransit = "SOC2:CC6.7";
    public const string Soc2Monitoring = "SOC2:CC7.2";
    public const string Soc2ChangeManagement = "SOC2:CC8.1";
    public const string Soc2Confidentiality = "SOC2:C1.1";
    public const string Soc2ProcessingIntegrity = "SOC2:PI1.2";
}
