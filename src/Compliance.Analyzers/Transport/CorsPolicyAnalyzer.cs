using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Transport;

/// <summary>
/// CMP5005: a CORS policy that admits any origin — <c>AllowAnyOrigin()</c>, <c>WithOrigins("*")</c>,
/// or <c>SetIsOriginAllowed(_ =&gt; true)</c>, also in <c>new CorsPolicyBuilder("*")</c> — reported as
/// the worse case when the same policy also allows credentials; and CORS headers written by hand:
/// <c>Access-Control-Allow-Origin: *</c>, or the request's Origin echoed together with
/// <c>Access-Control-Allow-Credentials: true</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CorsPolicyAnalyzer : ComplianceAnalyzer
{
    private const string CorsPolicyBuilder = "Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder";

    public CorsPolicyAnalyzer()
        : base(Descriptors.PermissiveCors)
    {
    }

    private const string HeaderDictionary = "Microsoft.AspNetCore.Http.IHeaderDictionary";
    private const string AllowOrigin = "Access-Control-Allow-Origin";
    private const string AllowCredentials = "Access-Control-Allow-Credentials";
    private static readonly string[] KnownHeaders = [AllowOrigin, AllowCredentials, "Origin"];

    protected override bool ShouldAnalyze(KnownTypes knownTypes) => knownTypes.Get(CorsPolicyBuilder) is not null || knownTypes.Get(HeaderDictionary) is not null;

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        var builder = knownTypes.Get(CorsPolicyBuilder);
        var headers = knownTypes.Get(HeaderDictionary);

        // One invocation action for both checks: the driver hands every call to each action.
        context.RegisterOperationAction(
            c =>
            {
                if (builder is not null)
                {
                    Analyze(c, builder);
                }

                if (headers is not null)
                {
                    AnalyzeHeaderCall(c, headers);
                }
            },
            OperationKind.Invocation);
        if (builder is not null)
        {
            context.RegisterOperationAction(c => AnalyzeBuilderCreation(c, builder), OperationKind.ObjectCreation);
        }

        if (headers is not null)
        {
            context.RegisterOperationAction(c => AnalyzeHeaderAssignment(c, headers), OperationKind.SimpleAssignment);
        }
    }

    /// <summary><c>new CorsPolicyBuilder("*")</c>: the origins of the constructor are a policy too.</summary>
    private static void AnalyzeBuilderCreation(OperationAnalysisContext context, INamedTypeSymbol builder)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, builder) || !creation.Arguments.Any(static a => ContainsWildcard(a.Value)))
        {
            return;
        }

        var permissive = "allows the origin \"*\"";
        IOperation current = creation;
        while (current.Parent is IInvocationOperation outer && ReferenceEquals(outer.Instance, current))
        {
            if (IsAllowCredentials(outer, builder))
            {
                permissive += " and allows credentials, so any website can call the API as the signed-in user";
                break;
            }

            current = outer;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.PermissiveCors, creation.Syntax.GetLocation(), permissive));
    }

    /// <summary><c>Response.Headers["Access-Control-Allow-Origin"] = "*"</c> and <c>Response.Headers.AccessControlAllowOrigin = …</c>.</summary>
    private static void AnalyzeHeaderAssignment(OperationAnalysisContext context, INamedTypeSymbol headers)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (HeaderName(assignment.Target, headers) == AllowOrigin)
        {
            ReportHandWrittenOrigin(context, assignment, assignment.Value, headers);
        }
    }

    /// <summary><c>Response.Headers.Append("Access-Control-Allow-Origin", "*")</c>, <c>Add</c>, <c>TryAdd</c>.</summary>
    private static void AnalyzeHeaderCall(OperationAnalysisContext context, INamedTypeSymbol headers)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name is "Append" or "Add" or "TryAdd"
            && HeaderCall(invocation, headers) is { Name: AllowOrigin, Value: { } value })
        {
            ReportHandWrittenOrigin(context, invocation, value, headers);
        }
    }

    private static void ReportHandWrittenOrigin(OperationAnalysisContext context, IOperation write, IOperation value, INamedTypeSymbol headers)
    {
        string? permissive = null;
        if (value.WalkDownImplicitConversions().ConstantValue is { HasValue: true, Value: "*" })
        {
            permissive = "is written by hand as Access-Control-Allow-Origin: *, which allows any origin";
        }
        else if (HeaderName(value.WalkDownImplicitConversions(), headers) == "Origin" && SetsAllowCredentials(write, headers))
        {
            permissive = "is written by hand to echo the request's Origin header with Access-Control-Allow-Credentials: true, so any website can call the API as the signed-in user";
        }

        if (permissive is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.PermissiveCors, write.Syntax.GetLocation(), permissive));
        }
    }

    /// <summary>Whether a statement of the same block sets <c>Access-Control-Allow-Credentials: true</c>.</summary>
    private static bool SetsAllowCredentials(IOperation write, INamedTypeSymbol headers)
    {
        var statement = write;
        while (statement.Parent is { } parent && parent is not IBlockOperation)
        {
            statement = parent;
        }

        if (statement.Parent is not IBlockOperation block)
        {
            return false;
        }

        foreach (var operation in block.Descendants())
        {
            var credentials = operation switch
            {
                ISimpleAssignmentOperation assignment when HeaderName(assignment.Target, headers) == AllowCredentials => assignment.Value,
                IInvocationOperation { TargetMethod.Name: "Append" or "Add" or "TryAdd" } call when HeaderCall(call, headers) is { Name: AllowCredentials } header => header.Value,
                _ => null,
            };

            if (credentials?.WalkDownImplicitConversions().ConstantValue is { HasValue: true, Value: string text } && string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The (canonical) header a reference to a header dictionary entry names: <c>headers["Origin"]</c>, <c>headers[HeaderNames.Origin]</c>, <c>headers.Origin</c>.</summary>
    private static string? HeaderName(IOperation operation, INamedTypeSymbol headers)
    {
        // The name first: most property writes name other properties, and the type test walks interfaces.
        if (operation is not IPropertyReferenceOperation { Property: { } property } reference)
        {
            return null;
        }

        var name = property.IsIndexer
            ? reference.Arguments.Length == 1 ? Canonical(reference.Arguments[0].Value) : null
            : property.Name switch
            {
                "AccessControlAllowOrigin" => AllowOrigin,
                "AccessControlAllowCredentials" => AllowCredentials,
                "Origin" => "Origin",
                _ => null,
            };
        return name is not null && (reference.Instance?.Type ?? property.ContainingType).IsOrImplementsDefinition(headers) ? name : null;
    }

    private static (string? Name, IOperation? Value)? HeaderCall(IInvocationOperation invocation, INamedTypeSymbol headers)
    {
        IOperation? key = null;
        IOperation? value = null;
        foreach (var argument in invocation.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "key":
                    key = argument.Value;
                    break;
                case "value":
                    value = argument.Value;
                    break;
            }
        }

        // The key first: a list's Add has none, and the receiver's type test walks interfaces.
        if (key is null)
        {
            return null;
        }

        var receiver = invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
        return receiver is not null && receiver.WalkDownImplicitConversions().Type.IsOrImplementsDefinition(headers) ? (Canonical(key), value) : null;
    }

    private static string? Canonical(IOperation key)
    {
        key = key.WalkDownImplicitConversions();
        var name = key switch
        {
            { ConstantValue: { HasValue: true, Value: string constant } } => constant,

            // HeaderNames fields are static readonly, not constants: their names say which header.
            IFieldReferenceOperation { Field: { Name: "AccessControlAllowOrigin", ContainingType.Name: "HeaderNames" } } => AllowOrigin,
            IFieldReferenceOperation { Field: { Name: "AccessControlAllowCredentials", ContainingType.Name: "HeaderNames" } } => AllowCredentials,
            IFieldReferenceOperation { Field: { Name: "Origin", ContainingType.Name: "HeaderNames" } } => "Origin",
            _ => null,
        };

        foreach (var known in KnownHeaders)
        {
            if (string.Equals(name, known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return null;
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol builder)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, builder))
        {
            return;
        }

        var permissive = invocation.TargetMethod.Name switch
        {
            "AllowAnyOrigin" => "allows any origin",
            "WithOrigins" when invocation.Arguments.Any(static a => ContainsWildcard(a.Value)) => "allows the origin \"*\"",
            "SetIsOriginAllowed" when invocation.Arguments.Length == 1 && DelegateFacts.AlwaysReturnsTrue(invocation.Arguments[0].Value) => "accepts every origin in SetIsOriginAllowed",
            _ => null,
        };

        if (permissive is null)
        {
            return;
        }

        if (AllowsCredentials(invocation, builder))
        {
            permissive += " and allows credentials, so any website can call the API as the signed-in user";
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.PermissiveCors, invocation.Syntax.GetLocation(), permissive));
    }

    private static bool ContainsWildcard(IOperation value) => value switch
    {
        IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues.Any(ContainsWildcard),
        IConversionOperation conversion => ContainsWildcard(conversion.Operand),
        _ => value.ConstantValue is { HasValue: true, Value: "*" },
    };

    /// <summary>
    /// Whether the same policy allows credentials: a call on the same fluent chain, or a statement of
    /// the same block on the same builder variable. A branch that builds a different policy
    /// (<c>if (any) AllowAnyOrigin(); else WithOrigins(…).AllowCredentials();</c>) does not count.
    /// </summary>
    private static bool AllowsCredentials(IInvocationOperation invocation, INamedTypeSymbol builder)
    {
        // Up the chain: p.AllowAnyOrigin().AllowCredentials()
        IOperation current = invocation;
        while (current.Parent is IInvocationOperation outer && ReferenceEquals(outer.Instance, current))
        {
            if (IsAllowCredentials(outer, builder))
            {
                return true;
            }

            current = outer;
        }

        // Down the chain: p.AllowCredentials().AllowAnyOrigin()
        var receiver = invocation.Instance;
        while (receiver is IInvocationOperation inner)
        {
            if (IsAllowCredentials(inner, builder))
            {
                return true;
            }

            receiver = inner.Instance;
        }

        // Sibling statements on the same builder variable.
        if (receiver is not (ILocalReferenceOperation or IParameterReferenceOperation))
        {
            return false;
        }

        var statement = current.Parent;
        while (statement is not null && statement.Parent is not IBlockOperation)
        {
            statement = statement.Parent;
        }

        if (statement?.Parent is not IBlockOperation block)
        {
            return false;
        }

        foreach (var sibling in block.Operations)
        {
            foreach (var call in sibling.DescendantsAndSelf().OfType<IInvocationOperation>())
            {
                if (IsAllowCredentials(call, builder) && SameVariable(Root(call), receiver))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsAllowCredentials(IInvocationOperation call, INamedTypeSymbol builder)
        => call.TargetMethod.Name == "AllowCredentials" && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, builder);

    private static IOperation? Root(IInvocationOperation call)
    {
        var receiver = call.Instance;
        while (receiver is IInvocationOperation inner)
        {
            receiver = inner.Instance;
        }

        return receiver;
    }

    private static bool SameVariable(IOperation? a, IOperation b) => (a, b) switch
    {
        (ILocalReferenceOperation x, ILocalReferenceOperation y) => SymbolEqualityComparer.Default.Equals(x.Local, y.Local),
        (IParameterReferenceOperation x, IParameterReferenceOperation y) => SymbolEqualityComparer.Default.Equals(x.Parameter, y.Parameter),
        _ => false,
    };
}
