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

    /// <summary>Whether the same policy (the fluent chain, or the body configuring the builder) calls AllowCredentials.</summary>
    private static bool AllowsCredentials(IInvocationOperation invocation, INamedTypeSymbol builder)
    {
        IOperation scope = invocation;
        while (scope.Parent is { } parent && parent is not (IAnonymousFunctionOperation or IMethodBodyBaseOperation))
        {
            scope = parent;
        }

        // Up the fluent chain the receiver may be outside the statement; search the whole body.
        foreach (var operation in (scope.Parent ?? scope).Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "AllowCredentials" } other
                && SymbolEqualityComparer.Default.Equals(other.TargetMethod.ContainingType, builder))
            {
                return true;
            }
        }

        return false;
    }
}
