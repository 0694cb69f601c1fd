using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers;

public static partial class Descriptors
{
    public static readonly DiagnosticDescriptor ClassifiedDataInLog = Rule(
        RuleIds.ClassifiedDataInLog,
        "PHI/PII reaches a log",
        "{0} reaches {1}{2}",
        Categories.DataFlow,
        DiagnosticSeverity.Warning,
        "Classified data ([Phi], [Pii] or a data classification attribute) must not be written to logs, the console, Debug or Trace: logs are copied, shipped and retained far beyond the access controls of the data. Log a surrogate identifier or wrap the value in Redact.Value / Redact.Hash.",
        Controls.HipaaMinimumNecessary,
        Controls.HipaaAccessControl,
        Controls.Soc2Confidentiality);

    public static readonly DiagnosticDescriptor ClassifiedDataInException = Rule(
        RuleIds.ClassifiedDataInException,
        "PHI/PII in an exception message",
        "{0} reaches {1}{2}",
        Categories.DataFlow,
        DiagnosticSeverity.Warning,
        "Exception messages and Exception.Data end up in logs, error pages, ProblemDetails and crash reports. Keep classified data out of them; name the record by its surrogate identifier.",
        Controls.HipaaMinimumNecessary,
        Controls.Soc2Confidentiality);

    public static readonly DiagnosticDescriptor ClassifiedDataInTelemetry = Rule(
        RuleIds.ClassifiedDataInTelemetry,
        "PHI/PII in telemetry",
        "{0} reaches {1}{2}",
        Categories.DataFlow,
        DiagnosticSeverity.Warning,
        "Activity tags, events and baggage and metric tags are exported to tracing and monitoring vendors, and baggage is propagated to downstream services. Classified data must not be sent there.",
        Controls.HipaaMinimumNecessary,
        Controls.HipaaBusinessAssociates,
        Controls.Soc2Confidentiality);

    public static readonly DiagnosticDescriptor ClassifiedDataInUrlHeaderOrCookie = Rule(
        RuleIds.ClassifiedDataInUrlHeaderOrCookie,
        "PHI/PII in a URL, header or cookie",
        "{0} reaches {1}{2}",
        Categories.DataFlow,
        DiagnosticSeverity.Warning,
        "URLs (redirects, query strings of outgoing requests) are logged by every proxy and server and kept in browser history; headers and cookies are logged and cached; ProblemDetails is returned to the caller. Classified data must travel in request bodies over TLS, never there.",
        Controls.HipaaTransmissionSecurity,
        Controls.HipaaMinimumNecessary,
        Controls.Soc2Confidentiality);

    public static readonly DiagnosticDescriptor ClassifiedObjectLoggedWhole = Rule(
        RuleIds.ClassifiedObjectLoggedWhole,
        "Object containing PHI/PII logged whole",
        "{0} is written whole to {1}{2}",
        Categories.DataFlow,
        DiagnosticSeverity.Warning,
        "Structured loggers serialise objects passed as arguments, and interpolation calls ToString, which records print in full. An object holding classified members must not be logged whole: log its identifier instead, or redact it.",
        Controls.HipaaMinimumNecessary,
        Controls.Soc2Confidentiality);

    public static readonly DiagnosticDescriptor UnclassifiedIdentifierMember = Rule(
        RuleIds.UnclassifiedIdentifierMember,
        "Member looks like a HIPAA identifier but is not classified",
        "'{0}' looks like a HIPAA identifier ({1}) but is not marked [Phi] or [Pii]",
        Categories.DataFlow,
        DiagnosticSeverity.Info,
        "Members of DTOs, entities and records named like one of the 18 HIPAA Safe Harbor identifiers should be classified so the data-flow rules can protect them. Mark them [Phi] (health context) or [Pii], or exclude the name in compliance.dataflow.identifier_exclusions.",
        Controls.HipaaDeidentification,
        Controls.Soc2Confidentiality);

    public static readonly DiagnosticDescriptor ClassifiedDataPersistedUnencrypted = Rule(
        RuleIds.ClassifiedDataPersistedUnencrypted,
        "PHI persisted without field encryption",
        "'{0}.{1}' is {2} and stored by EF Core ({3}) without [Encrypted]",
        Categories.DataFlow,
        DiagnosticSeverity.Warning,
        "Classified properties of EF Core entities must be encrypted at rest with field-level encryption, so database backups, replicas and administrators never see them in clear. Mark them [Encrypted] (the Compliance.Runtime EF Core integration applies a value converter).",
        Controls.HipaaEncryptionAtRest,
        Controls.Soc2LogicalAccess);
}
