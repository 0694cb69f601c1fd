using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.CodeFixes.DataFlow;

/// <summary>Shared edits of the data-flow fixes: wrapping a value in <c>Redact.Value</c> / <c>Redact.Hash</c>.</summary>
internal static class RedactionEditing
{
    private const string RuntimeNamespace = "Compliance.Runtime";

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

    /// <summary>Replaces <paramref name="expression"/> with <c>Redact.{method}(expression)</c> and imports Compliance.Runtime when needed.</summary>
    public static async Task<Document> WrapAsync(Document document, ExpressionSyntax expression, string method, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var needsUsing = !RedactIsInScope(model, expression.SpanStart);
        var wrapped = Wrap(expression, method);
        document = document.WithSyntaxRoot(root.ReplaceNode(expression, wrapped));
        if (needsUsing)
        {
            document = await DocumentCleanup.AddUsingsAsync(document, new[] { RuntimeNamespace }, cancellationToken).ConfigureAwait(false);
        }

        return await DocumentCleanup.FormatAsync(document, cancellationToken).ConfigureAwait(false);
    }

    public static ExpressionSyntax Wrap(ExpressionSyntax expression, string method)
        => SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.IdentifierName("Redact"),
                    SyntaxFactory.IdentifierName(method)),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(expression.WithoutTrivia()))))
            .WithTriviaFrom(expression);

    /// <summary>True when the simple name <c>Redact</c> binds to Compliance.Runtime.Redact at <paramref name="position"/>.</summary>
    public static bool RedactIsInScope(SemanticModel model, int position)
    {
        foreach (var symbol in model.LookupNamespacesAndTypes(position, name: "Redact"))
        {
            if (symbol is INamedTypeSymbol type && type.ContainingNamespace?.ToDisplayString() == RuntimeNamespace)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The runtime's Redact type exists in the compilation (or in source as a stand-in).</summary>
    public static bool RedactAvailable(Compilation compilation) => KnownTypes.For(compilation).Get(TypeNames.Redact) is not null;
}
