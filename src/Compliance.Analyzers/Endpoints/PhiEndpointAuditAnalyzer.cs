using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Classification;
using Compliance.Analyzers.Infrastructure.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Endpoints;

/// <summary>
/// CMP3001: an endpoint that handles PHI/PII (by the classification model) leaves no audit record.
/// Counted as audited: <c>[Audited]</c> / <c>.Audited()</c> on the endpoint, its class, a base class,
/// its route groups or <c>MapControllers()</c>, and configured equivalents
/// (<c>compliance.endpoints.audit_equivalents</c>), including global MVC filters of those types.
/// With <c>compliance.endpoints.audit_scope = all</c> every endpoint must be audited.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PhiEndpointAuditAnalyzer : EndpointAnalyzer
{
    public PhiEndpointAuditAnalyzer()
        : base(Descriptors.PhiEndpointNotAudited)
    {
    }

    /// <summary>
    /// Without a classification attribute no endpoint can handle PHI (the PHI rules exit the same
    /// way), so only <c>audit_scope = all</c> can make the rule fire. On such applications the
    /// audit rule used to be most of the analyzers' time, spent building endpoints it never reported.
    /// </summary>
    protected override bool CanReport(Compilation compilation, AnalyzerOptions options)
    {
        if (ClassificationModel.For(compilation, options).CanClassify
            || ComplianceOptions.EndpointsAuditScope.Get(options.AnalyzerConfigOptionsProvider.GlobalOptions) == AuditScope.All)
        {
            return true;
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            if (ComplianceOptions.EndpointsAuditScope.Get(options, tree) == AuditScope.All)
            {
                return true;
            }
        }

        return false;
    }

    protected override void Analyze(EndpointInfo endpoint, EndpointContext context)
    {
        var equivalents = context.Option(ComplianceOptions.EndpointsAuditEquivalents);
        if (endpoint.All(r => r.Audited || r.HasEquivalent(equivalents)))
        {
            return;
        }

        var reason = context.PhiReason(endpoint) is { } phi
            ? "it handles PHI (" + phi + ")"
            : context.Option(ComplianceOptions.EndpointsAuditScope) == AuditScope.All
                ? "compliance.endpoints.audit_scope = all requires every endpoint to be audited"
                : null;
        if (reason is not null)
        {
            context.Report(Descriptors.PhiEndpointNotAudited, endpoint, FixTargetOf(endpoint), null, endpoint.Display, reason);
        }
    }
}
