using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Transport;

/// <summary>
/// CMP5002: deprecated protocol versions (SSL 2/3, TLS 1.0/1.1, alone or combined) configured as
/// the protocols of Kestrel, an <c>SslStream</c>, an <c>HttpClientHandler</c> or
/// <c>ServicePointManager.SecurityProtocol</c>, and certificate validation callbacks that accept
/// every certificate (<c>(_, _, _, _) =&gt; true</c>, a method that only returns <c>true</c>,
/// <c>HttpClientHandler.DangerousAcceptAnyServerCertificateValidator</c>), assigned, added with
/// <c>+=</c> or passed.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TransportSecurityAnalyzer : ComplianceAnalyzer
{
    private const string DangerousValidator = "DangerousAcceptAnyServerCertificateValidator";

    // SslProtocols and SecurityProtocolType share these bit values (Ssl2 exists only in SslProtocols).
    private static readonly (int Bits, string Name)[] WeakProtocolBits = [(12, "Ssl2"), (48, "Ssl3"), (192, "Tls"), (768, "Tls11")];
    private static readonly string[] WeakProtocols = ["Ssl2", "Ssl3", "Tls", "Tls11", "Default"];

    public TransportSecurityAnalyzer()
        : base(Descriptors.WeakTransportSecurity)
    {
    }

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        context.RegisterOperationAction(AnalyzeAssignment, OperationKind.SimpleAssignment, OperationKind.CompoundAssignment);
        context.RegisterOperationAction(AnalyzeArgument, OperationKind.Argument);
        context.RegisterOperationAction(AnalyzeDangerousValidator, OperationKind.PropertyReference);
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context)
    {
        var assignment = (IAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: var name } property }
            || (assignment is ICompoundAssignmentOperation compound && compound.OperatorKind is not (BinaryOperatorKind.Add or BinaryOperatorKind.Or))
            || DevelopmentEnvironment.IsDevelopmentOnly(assignment))
        {
            return;
        }

        if (name is "SslProtocols" or "EnabledSslProtocols" || (name == "SecurityProtocol" && property.ContainingType?.Name == "ServicePointManager"))
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
        if (argument.Parameter?.Name is "userCertificateValidationCallback" or "remoteCertificateValidationCallback" && !DevelopmentEnvironment.IsDevelopmentOnly(argument))
        {
            ReportAcceptAll(context, argument.Value, argument.Parameter.Name);
        }
        else if (argument.Parameter?.Name is "enabledSslProtocols" or "sslProtocols")
        {
            ReportWeakProtocols(context, argument.Value);
        }
    }

    /// <summary>
    /// The built-in accept-everything validator wherever it is used: assigned, passed, or stored
    /// for later. Uses as a callback are reported under the callback's name.
    /// </summary>
    private static void AnalyzeDangerousValidator(OperationAnalysisContext context)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (reference.Property is not { Name: DangerousValidator, IsStatic: true, ContainingType.Name: "HttpClientHandler" }
            || DevelopmentEnvironment.IsDevelopmentOnly(reference))
        {
            return;
        }

        IOperation value = reference;
        while (value.Parent is IConversionOperation or IDelegateCreationOperation or IParenthesizedOperation)
        {
            value = value.Parent;
        }

        var callback = value.Parent switch
        {
            IAssignmentOperation { Target: IPropertyReferenceOperation target } assignment when ReferenceEquals(assignment.Value, value) => target.Property.Name,
            IArgumentOperation { Parameter: { } parameter } => parameter.Name,
            _ => "HttpClientHandler." + DangerousValidator,
        };

        ReportAcceptAllAt(context, value, callback);
    }

    private static void ReportWeakProtocols(OperationAnalysisContext context, IOperation value)
    {
        var weak = new List<string>();
        foreach (var reference in value.DescendantsAndSelf().OfType<IFieldReferenceOperation>())
        {
            if (reference.Field.ContainingType?.Name is "SslProtocols" or "SecurityProtocolType"
                && Array.IndexOf(WeakProtocols, reference.Field.Name) >= 0
                && !IsExcluded(reference, value))
            {
                weak.Add(reference.Field.ContainingType.Name + "." + reference.Field.Name);
            }
        }

        // A constant that names no member directly (const SslProtocols Legacy = …; a cast number):
        // read the flags from its value.
        if (weak.Count == 0
            && value.WalkDownConversionsAndParentheses().Type is INamedTypeSymbol { TypeKind: TypeKind.Enum, Name: "SslProtocols" or "SecurityProtocolType" } type
            && value.ConstantValue is { HasValue: true, Value: var constant }
            && constant is not null)
        {
            var flags = Convert.ToInt64(constant, System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (bits, name) in WeakProtocolBits)
            {
                if ((flags & bits) != 0 && (name != "Ssl2" || type.Name == "SslProtocols"))
                {
                    weak.Add(type.Name + "." + name);
                }
            }
        }

        if (weak.Count > 0)
        {
            var enumName = weak[0].Substring(0, weak[0].IndexOf('.'));
            var modern = enumName == "SecurityProtocolType"
                ? "use SecurityProtocolType.SystemDefault to let the operating system choose, or SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13"
                : "use SslProtocols.Tls12 | SslProtocols.Tls13 or SslProtocols.None to let the operating system choose";
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.WeakTransportSecurity,
                value.Syntax.GetLocation(),
                $"{string.Join(" and ", weak)} enables deprecated protocol versions; {modern}"));
        }
    }

    /// <summary><c>SecurityProtocolType.Tls12 &amp; ~SecurityProtocolType.Ssl3</c> removes the old version.</summary>
    private static bool IsExcluded(IOperation reference, IOperation value)
    {
        for (var current = reference; current is not null && !ReferenceEquals(current, value); current = current.Parent)
        {
            if (current.Parent is IUnaryOperation { OperatorKind: UnaryOperatorKind.BitwiseNegation })
            {
                return true;
            }
        }

        return false;
    }

    private static void ReportAcceptAll(OperationAnalysisContext context, IOperation value, string callback)
    {
        // The built-in validator is reported where it is referenced (AnalyzeDangerousValidator).
        if (DelegateFacts.AlwaysReturnsTrueIncludingMethodGroups(value))
        {
            ReportAcceptAllAt(context, value, callback);
        }
    }

    private static void ReportAcceptAllAt(OperationAnalysisContext context, IOperation value, string callback)
        => context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.WeakTransportSecurity,
            value.Syntax.GetLocation(),
            $"{callback} accepts every certificate, so anyone on the network can impersonate the server; validate the certificate or pin it"));
}
