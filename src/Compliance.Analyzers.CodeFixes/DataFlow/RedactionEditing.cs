using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.CodeFixes.DataFlow;

/// <summary>Shared edits of the data-flow fixes: wrapping a value in <c>Redact.Value</c> / <c>Redact.Hash</c>.</summary>
internal static class RedactionEditing
{
    /// <summary>The reported expression, when the diagnostic points at one.</summary>
    public static ExpressionSyntax? FindExpression(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node is ArgumentSyntax argument)
        {
            node = argument.Expression;
        }

        while (node is not null && node is not ExpressionSyntax)
        {
            node = node.Parent;
        }

        return node as ExpressionSyntax;
    }

    /// <summary>
    /// True when a string can replace <paramref name="expression"/> without changing what compiles:
    /// it is an interpolation hole, or it is converted to string or object where it is used.
    /// </summary>
    public static bool AcceptsString(SemanticModel model, ExpressionSyntax expression, CancellationToken cancellationToken)
    {
        if (expression.Parent is InterpolationSyntax)
        {
            return true;
        }

        var converted = model.GetTypeInfo(expression, cancellationToken).ConvertedType;
        return converted?.SpecialType is SpecialType.System_String or SpecialType.System_Object;
    }

    public static bool IsString(SemanticModel model, ExpressionSyntax expression, CancellationToken cancellationToken)
        => model.GetTypeInfo(expression, cancellationToken).Type?.SpecialType == SpecialType.System_String;

    /// <summary>Replaces <paramref name="expression"/> with <c>Redact.{method}(expression)</c>, importing Compliance.Runtime when needed.</summary>
    public static Task<Document> WrapAsync(Document document, ExpressionSyntax expression, string method, CancellationToken cancellationToken)
        => DocumentCleanup.ReplaceAsync(document, expression, Wrap(expression, method), cancellationToken);

    public static ExpressionSyntax Wrap(ExpressionSyntax expression, string method)
        => SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    ExpressionFactory.TypeExpression(TypeNames.Redact),
                    SyntaxFactory.IdentifierName(method)),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(expression.WithoutTrivia()))))
            .WithTriviaFrom(expression);

    /// <summary>The runtime's Redact type exists in the compilation (or in source as a stand-in).</summary>
    public static bool RedactAvailable(Compilation compilation) => KnownTypes.For(compilation).Get(TypeNames.Redact) is not null;
}
