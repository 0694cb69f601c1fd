using System.Runtime.CompilerServices;
using Compliance.Analyzers.Infrastructure.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>
/// Whether an endpoint handles PHI/PII, by the classification model: a classified parameter, a
/// bound request or a response type that holds classified data, or a handler body that reads
/// classified members (or calls returning classified types). Computed once per endpoint.
/// </summary>
internal static class PhiEndpoints
{
    private static readonly ConditionalWeakTable<EndpointInfo, Answer> Cache = new();

    /// <summary>Why the endpoint handles PHI, for messages; null when it does not.</summary>
    public static string? Describe(EndpointInfo endpoint, ClassificationModel classification)
        => Cache.GetValue(endpoint, e => new Answer(Compute(e, classification))).Reason;

    private static string? Compute(EndpointInfo endpoint, ClassificationModel classification)
    {
        foreach (var parameter in endpoint.Parameters)
        {
            if (classification.TryGetClassification(parameter.Symbol, out var classified))
            {
                return $"'{parameter.Name}' is {classified.Display}";
            }

            if (parameter.IsStructuredInput && classification.DescribeClassifiedMember(parameter.Type) is { } member)
            {
                return $"it binds {Name(parameter.Type)}, which holds {member}";
            }
        }

        if (endpoint.ResponseType is { } response && classification.DescribeClassifiedMember(response) is { } returned)
        {
            return $"it returns {Name(response)}, which holds {returned}";
        }

        return ReadInBody(endpoint.Handler, classification);
    }

    private static string? ReadInBody(IMethodSymbol handler, ClassificationModel classification)
    {
        foreach (var reference in handler.DeclaringSyntaxReferences)
        {
            // A handler declared in a referenced project is that project's to judge.
            if (SemanticModels.ForDeclaration(classification.Compilation, reference.SyntaxTree) is not { } model)
            {
                continue;
            }

            var syntax = reference.GetSyntax();
            HashSet<SyntaxNode>? methodGroups = null;
            foreach (var node in syntax.DescendantNodes())
            {
                if (node is not (InvocationExpressionSyntax or MemberAccessExpressionSyntax or IdentifierNameSyntax))
                {
                    continue;
                }

                // The method group of a call already resolved to a method (visited after the call)
                // names that method, never a field or property, so it cannot answer; and asking
                // the model for a method group's symbol redoes the look-up, which was most of
                // this walk's cost.
                if (methodGroups is not null && methodGroups.Contains(node))
                {
                    continue;
                }

                var symbol = model.GetSymbolInfo(node).Symbol;
                if (symbol is IPropertySymbol or IFieldSymbol && classification.TryGetClassification(symbol, out var classified))
                {
                    return $"the handler reads {symbol.ContainingType?.Name}.{symbol.Name} ({classified.Display})";
                }

                if (node is InvocationExpressionSyntax invocation)
                {
                    if (model.GetTypeInfo(node).Type is { } type && classification.DescribeClassifiedMember(type) is { } member)
                    {
                        return $"the handler loads {Name(type)}, which holds {member}";
                    }

                    if (symbol is IMethodSymbol { MethodKind: not MethodKind.DelegateInvoke })
                    {
                        AddMethodGroup(invocation.Expression, methodGroups ??= new HashSet<SyntaxNode>());
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The nodes that name the called method: <c>M</c>, <c>x.M</c> and its <c>M</c>, <c>?.M</c>'s <c>M</c>.</summary>
    private static void AddMethodGroup(ExpressionSyntax expression, HashSet<SyntaxNode> methodGroups)
    {
        switch (expression)
        {
            case IdentifierNameSyntax:
                methodGroups.Add(expression);
                break;
            case MemberAccessExpressionSyntax access:
                methodGroups.Add(access);
                methodGroups.Add(access.Name);
                break;
            case MemberBindingExpressionSyntax binding:
                methodGroups.Add(binding.Name);
                break;
        }
    }

    private static string Name(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    private sealed class Answer
    {
        public Answer(string? reason) => Reason = reason;

        public string? Reason { get; }
    }
}
