using System.Runtime.CompilerServices;
using Compliance.Analyzers.Infrastructure.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

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
            if (SemanticModels.ForDeclaration(classification.Compilation, reference.SyntaxTree) is not { } model
                || model.GetOperation(reference.GetSyntax()) is not { } body)
            {
                continue;
            }

            // The handler's operation tree, which the analyzer driver builds for every body anyway,
            // rather than asking the model for the symbol of each name in its syntax.
            foreach (var operation in body.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IPropertyReferenceOperation { Property: { IsIndexer: false } property } when classification.TryGetClassification(property, out var classified):
                        return $"the handler reads {property.ContainingType?.Name}.{property.Name} ({classified.Display})";

                    case IFieldReferenceOperation { Field: var field } when classification.TryGetClassification(field, out var classified):
                        return $"the handler reads {field.ContainingType?.Name}.{field.Name} ({classified.Display})";

                    case IInvocationOperation { Type: { } type } when classification.DescribeClassifiedMember(type) is { } member:
                        return $"the handler loads {Name(type)}, which holds {member}";

                    // A call the compiler could not resolve (a missing reference, half-typed code in
                    // the IDE) is no invocation in the tree, but the model still knows what its
                    // candidate returns.
                    case IInvalidOperation { Syntax: InvocationExpressionSyntax call }
                        when model.GetTypeInfo(call).Type is { TypeKind: not TypeKind.Error } type && classification.DescribeClassifiedMember(type) is { } member:
                        return $"the handler loads {Name(type)}, which holds {member}";
                }
            }
        }

        return null;
    }

    private static string Name(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    private sealed class Answer
    {
        public Answer(string? reason) => Reason = reason;

        public string? Reason { get; }
    }
}
