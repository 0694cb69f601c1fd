using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Transport;

/// <summary>
/// CMP5004: a request target that is a cleartext address — <c>http://</c> or <c>ftp://</c>, not
/// loopback, not an identifier namespace — given to <c>HttpClient</c>, <c>HttpRequestMessage</c>,
/// <c>WebRequest.Create</c> or <c>WebClient</c>; an <c>SmtpClient</c> or <c>FtpWebRequest</c> with
/// <c>EnableSsl = false</c>; MailKit connecting with <c>SecureSocketOptions.None</c>. Only the
/// positions where an address is sent to are judged, so URIs used as identifiers elsewhere
/// (<c>XNamespace</c>, FHIR <c>system</c> values) are never reported.
/// <c>BaseAddress</c> and identity-provider addresses are CMP5001's.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CleartextTransportAnalyzer : ComplianceAnalyzer
{
    private const string HttpClient = "System.Net.Http.HttpClient";
    private const string HttpClientJsonExtensions = "System.Net.Http.Json.HttpClientJsonExtensions";
    private const string HttpRequestMessage = "System.Net.Http.HttpRequestMessage";
    private const string WebRequest = "System.Net.WebRequest";
    private const string WebClient = "System.Net.WebClient";
    private const string SmtpClient = "System.Net.Mail.SmtpClient";
    private const string FtpWebRequest = "System.Net.FtpWebRequest";
    private const string MailKitSecureSocketOptions = "MailKit.Security.SecureSocketOptions";

    public CleartextTransportAnalyzer()
        : base(Descriptors.CleartextTransport)
    {
    }

    protected override bool ShouldAnalyze(KnownTypes knownTypes)
        => Sinks.From(knownTypes) is { IsEmpty: false };

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        var sinks = Sinks.From(knownTypes);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, sinks), OperationKind.Invocation);
        context.RegisterOperationAction(c => AnalyzeCreation(c, sinks), OperationKind.ObjectCreation);
        context.RegisterOperationAction(c => AnalyzeAssignment(c, sinks), OperationKind.SimpleAssignment);
        if (sinks.SecureSocketOptions is not null)
        {
            context.RegisterOperationAction(c => AnalyzeSocketOptions(c, sinks.SecureSocketOptions), OperationKind.FieldReference);
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, Sinks sinks)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        string? parameter = null;
        if (Is(type, sinks.HttpClient) || Is(type, sinks.HttpClientJsonExtensions))
        {
            parameter = "requestUri";
        }
        else if (Is(type, sinks.WebRequest) && method.IsStatic && method.Name is "Create" or "CreateHttp" or "CreateDefault")
        {
            parameter = method.Parameters.Length > 0 ? method.Parameters[0].Name : null;
        }
        else if (DerivesFrom(type, sinks.WebClient))
        {
            parameter = "address";
        }

        if (parameter is null || Argument(invocation.Arguments, parameter) is not { } target || CleartextAddress.Find(target) is not { } address)
        {
            return;
        }

        if (Is(type, sinks.WebRequest) && address.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase) && EnablesSslLater(invocation))
        {
            return;
        }

        var api = Is(type, sinks.HttpClientJsonExtensions) ? "HttpClient" : type.Name;
        var secure = address.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase) ? "FTPS (EnableSsl = true) or SFTP" : "https://";
        Report(context, target, $"{api}.{method.Name} sends the request in clear text to '{address}'; use {secure} so PHI and credentials are encrypted in transit");
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, Sinks sinks)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!Is(creation.Type, sinks.HttpRequestMessage)
            || Argument(creation.Arguments, "requestUri") is not { } target
            || CleartextAddress.Find(target) is not { } address)
        {
            return;
        }

        Report(context, target, $"new HttpRequestMessage sends the request in clear text to '{address}'; use https:// so PHI and credentials are encrypted in transit");
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, Sinks sinks)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { } property } target)
        {
            return;
        }

        var owner = target.Instance?.Type ?? property.ContainingType;
        if (property.Name == "RequestUri" && DerivesFrom(owner, sinks.HttpRequestMessage) && CleartextAddress.Find(assignment.Value) is { } address)
        {
            Report(context, assignment.Value, $"HttpRequestMessage.RequestUri sends the request in clear text to '{address}'; use https:// so PHI and credentials are encrypted in transit");
        }
        else if (property.Name == "EnableSsl" && assignment.Value.ConstantValue is { HasValue: true, Value: false })
        {
            if (DerivesFrom(owner, sinks.SmtpClient))
            {
                var host = SmtpHost(target.Instance);
                var to = host is null ? "" : $" to '{host}'";
                Report(context, assignment, $"SmtpClient with EnableSsl = false sends mail and the SMTP credentials in clear text{to}; set EnableSsl = true");
            }
            else if (DerivesFrom(owner, sinks.FtpWebRequest))
            {
                Report(context, assignment, "FtpWebRequest with EnableSsl = false sends files and the FTP credentials in clear text; set EnableSsl = true (FTPS) or use SFTP");
            }
        }
    }

    /// <summary>MailKit's <c>client.Connect(host, port, SecureSocketOptions.None)</c>, matched by metadata name.</summary>
    private static void AnalyzeSocketOptions(OperationAnalysisContext context, INamedTypeSymbol options)
    {
        var reference = (IFieldReferenceOperation)context.Operation;
        if (reference.Field.Name != "None" || !Is(reference.Field.ContainingType, options))
        {
            return;
        }

        IOperation value = reference;
        while (value.Parent is IConversionOperation)
        {
            value = value.Parent;
        }

        if (value.Parent is not IArgumentOperation { Parent: IInvocationOperation invocation })
        {
            return;
        }

        var host = Argument(invocation.Arguments, "host") is { } hostArgument ? CleartextAddress.Host(hostArgument) : null;
        if (host is null && Argument(invocation.Arguments, "host") is { ConstantValue.HasValue: true })
        {
            // A constant loopback host: a local relay or test server.
            return;
        }

        if (DevelopmentEnvironment.IsDevelopmentOnly(reference))
        {
            return;
        }

        var to = host is null ? "" : $" to '{host}'";
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CleartextTransport,
            reference.Syntax.GetLocation(),
            $"{invocation.TargetMethod.ContainingType.Name}.{invocation.TargetMethod.Name} with SecureSocketOptions.None sends mail and credentials in clear text{to}; use SecureSocketOptions.SslOnConnect or StartTls"));
    }

    private static void Report(OperationAnalysisContext context, IOperation operation, string message)
    {
        if (!DevelopmentEnvironment.IsDevelopmentOnly(operation))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CleartextTransport, operation.Syntax.GetLocation(), message));
        }
    }

    private static IOperation? Argument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, string parameter)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == parameter)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>The constant host of <c>new SmtpClient("smtp.example.org")</c> the assignment configures, when it is in view.</summary>
    private static string? SmtpHost(IOperation? instance)
    {
        IObjectCreationOperation? creation = null;
        if (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            for (var current = instance.Parent; current is not null && creation is null; current = current.Parent)
            {
                creation = current as IObjectCreationOperation;
            }
        }
        else if (instance is ILocalReferenceOperation local
            && local.Local.DeclaringSyntaxReferences.Length == 1
            && local.Local.DeclaringSyntaxReferences[0].GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: { } initializer }
            && initializer.SyntaxTree == instance.Syntax.SyntaxTree)
        {
            creation = instance.SemanticModel?.GetOperation(initializer)?.WalkDownImplicitConversions() as IObjectCreationOperation;
        }

        return creation is not null && Argument(creation.Arguments, "host") is { } host ? CleartextAddress.Host(host) : null;
    }

    /// <summary>
    /// <c>var request = (FtpWebRequest)WebRequest.Create("ftp://…"); request.EnableSsl = true;</c>:
    /// explicit FTPS, which encrypts the session despite the ftp scheme.
    /// </summary>
    private static bool EnablesSslLater(IOperation creation)
    {
        IOperation current = creation;
        while (current.Parent is IConversionOperation)
        {
            current = current.Parent;
        }

        ILocalSymbol? local = current.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
            _ => null,
        };

        if (local is null)
        {
            return false;
        }

        var root = creation;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        return root.Descendants().Any(operation => operation is ISimpleAssignmentOperation
        {
            Target: IPropertyReferenceOperation { Property.Name: "EnableSsl", Instance: ILocalReferenceOperation owner },
            Value.ConstantValue: { HasValue: true, Value: true },
        } && SymbolEqualityComparer.Default.Equals(owner.Local, local));
    }

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, expected);

    private static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? expected)
    {
        for (var current = type; current is not null && expected is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, expected))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The request APIs the compilation references, resolved once.</summary>
    private sealed class Sinks
    {
        public INamedTypeSymbol? HttpClient { get; private set; }

        public INamedTypeSymbol? HttpClientJsonExtensions { get; private set; }

        public INamedTypeSymbol? HttpRequestMessage { get; private set; }

        public INamedTypeSymbol? WebRequest { get; private set; }

        public INamedTypeSymbol? WebClient { get; private set; }

        public INamedTypeSymbol? SmtpClient { get; private set; }

        public INamedTypeSymbol? FtpWebRequest { get; private set; }

        public INamedTypeSymbol? SecureSocketOptions { get; private set; }

        public bool IsEmpty => HttpClient is null && HttpRequestMessage is null && WebRequest is null && WebClient is null && SmtpClient is null && SecureSocketOptions is null;

        public static Sinks From(KnownTypes knownTypes) => new()
        {
            HttpClient = knownTypes.Get(CleartextTransportAnalyzer.HttpClient),
            HttpClientJsonExtensions = knownTypes.Get(CleartextTransportAnalyzer.HttpClientJsonExtensions),
            HttpRequestMessage = knownTypes.Get(CleartextTransportAnalyzer.HttpRequestMessage),
            WebRequest = knownTypes.Get(CleartextTransportAnalyzer.WebRequest),
            WebClient = knownTypes.Get(CleartextTransportAnalyzer.WebClient),
            SmtpClient = knownTypes.Get(CleartextTransportAnalyzer.SmtpClient),
            FtpWebRequest = knownTypes.Get(CleartextTransportAnalyzer.FtpWebRequest),
            SecureSocketOptions = knownTypes.Get(MailKitSecureSocketOptions),
        };
    }
}
