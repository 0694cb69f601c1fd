using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers;

public static partial class Descriptors
{
    public static readonly DiagnosticDescriptor SecretInPublicConfiguration = Rule(
        RuleIds.SecretInPublicConfiguration,
        "Secret in client-shipped configuration",
        "'{0}' in {1} is shipped to every browser and holds {2}; keep secrets on the server, never under wwwroot",
        Categories.Secrets,
        DiagnosticSeverity.Error,
        "Files under wwwroot are served to anyone who asks, and Blazor WebAssembly downloads wwwroot/appsettings*.json into every browser. A secret there is public.",
        Controls.HipaaAccessControl,
        Controls.Soc2LogicalAccess);

    public static readonly DiagnosticDescriptor SecretInCommittedConfiguration = Rule(
        RuleIds.SecretInCommittedConfiguration,
        "Secret in committed configuration file",
        "'{0}' in {1} holds {2}; keep secrets out of committed configuration: user secrets in development, environment variables or a secret store in production",
        Categories.Secrets,
        DiagnosticSeverity.Warning,
        "appsettings*.json (Development included), launchSettings.json and web.config are committed to source control, where every clone, fork and backup keeps the secret forever.",
        Controls.HipaaAccessControl,
        Controls.Soc2LogicalAccess);

    public static readonly DiagnosticDescriptor HardCodedSecret = Rule(
        RuleIds.HardCodedSecret,
        "Hard-coded secret in source",
        "'{0}' is a hard-coded secret ({1}); read it from configuration or the environment instead",
        Categories.Secrets,
        DiagnosticSeverity.Warning,
        "Secrets compiled into source end up in every clone of the repository and in every build artifact, and cannot be rotated without a release.",
        Controls.HipaaAccessControl,
        Controls.HipaaPasswordManagement,
        Controls.Soc2LogicalAccess);

    public static readonly DiagnosticDescriptor CredentialInLog = Rule(
        RuleIds.CredentialInLog,
        "Credential or token written to a log",
        "'{0}' is a credential and reaches {1}; remove it from the log entry or redact it",
        Categories.Secrets,
        DiagnosticSeverity.Warning,
        "Logs are copied to aggregators, support tickets and backups with far weaker access control than a secret store; a password, token or authorization header written there is disclosed.",
        Controls.HipaaAccessControl,
        Controls.Soc2LogicalAccess,
        Controls.Soc2Monitoring);
}
