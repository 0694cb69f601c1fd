using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Transport;

/// <summary>
/// CMP4008: a CORS policy that admits any origin — <c>AllowAnyOrigin()</c>, <c>WithOrigins("*")</c>,
/// or <c>SetIsOriginAllowed(_ =&gt; true)</c> — reported as the worse case when the same policy
/// also allows credentials.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CorsPolicyAnalyzer : ComplianceAnalyzer
{
    private const string CorsPolicyBuilder = "Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder";

    public CorsPolicyAnalyzer()
        : base(Descriptors.PermissiveCors)
    {
    }

    protected override bool ShouldAnalyze(KnownTypes knownTypes) => knownTypes.Get(CorsPolicyBuilder) is not null;

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        var builder = knownTypes.Get(CorsPolicyBuilder)!;
        context.RegisterOperationAction(c => Analyze(c, builder), OperationKind.Invocation);
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
