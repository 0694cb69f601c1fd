using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Transport;

/// <summary>
/// CMP4009: deprecated protocol versions (SSL 2/3, TLS 1.0/1.1, alone or combined) configured as
/// the protocols of Kestrel, an <c>SslStream</c> or an <c>HttpClientHandler</c>, and certificate
/// validation callbacks that accept every certificate (<c>(_, _, _, _) =&gt; true</c>,
/// <c>HttpClientHandler.DangerousAcceptAnyServerCertificateValidator</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TransportSecurityAnalyzer : ComplianceAnalyzer
{
    private static readonly string[] WeakProtocols = ["Ssl2", "Ssl3", "Tls", "Tls11", "Default"];

    public TransportSecurityAnalyzer()
        : base(Descriptors.WeakTransportSecurity)
    {
    }

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        context.RegisterOperationAction(AnalyzeAssignment, OperationKind.SimpleAssignment);
        context.RegisterOperationAction(AnalyzeArgument, OperationKind.Argument);
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property.Name: var name } || DevelopmentEnvironment.IsInDevelopmentOnlyBranch(assignment))
        {
            return;
        }

        if (name is "SslProtocols" or "EnabledSslProtocols")
        {
            ReportWeakProtocols(context, assignment.Value);
        }
        else if (name is "ServerCertificateCustomValidationCallback" or "RemoteCertificateValidationCallback" or "ServerCertificateValidationCallback" or "ClientCertificateValidation")
        {
            ReportAcceptAll(context, assignment.Value, name);
        }
    }

    private static void AnalyzeArgument(OperationAnalysisContext context)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.Parameter?.Name is "userCertificateValidationCallback" or "remoteCertificateValidationCallback" && !DevelopmentEnvironment.IsInDevelopmentOnlyBranch(argument))
        {
            ReportAcceptAll(context, argument.Value, argument.Parameter.Name);
        }
        else if (argument.Parameter?.Name is "enabledSslProtocols" or "sslProtocols")
        {
            ReportWeakProtocols(context, argument.Value);
        }
    }

    private static void ReportWeakProtocols(OperationAnalysisContext context, IOperation value)
    {
        var weak = new List<string>();
        foreach (var reference in value.DescendantsAndSelf().OfType<IFieldReferenceOperation>())
        {
            if (reference.Field.ContainingType?.Name == "SslProtocols" && Array.IndexOf(WeakProtocols, reference.Field.Name) >= 0)
            {
                weak.Add("SslProtocols." + reference.Field.Name);
            }
        }

        if (weak.Count > 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.WeakTransportSecurity,
                value.Syntax.GetLocation(),
                $"{string.Join(" and ", weak)} enables deprecated protocol versions; use SslProtocols.Tls12 | SslProtocols.Tls13 or SslProtocols.None to let the operating system choose"));
        }
    }

    private static void ReportAcceptAll(OperationAnalysisContext context, IOperation value, string callback)
    {
        var acceptsAll = DelegateFacts.AlwaysReturnsTrue(value)
            || value.DescendantsAndSelf().Any(static o => o is IMemberReferenceOperation { Member.Name: "DangerousAcceptAnyServerCertificateValidator" });
        if (acceptsAll)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.WeakTransportSecurity,
                value.Syntax.GetLocation(),
                $"{callback} accepts every certificate, so anyone on the network can impersonate the server; validate the certificate or pin it"));
        }
    }
}
