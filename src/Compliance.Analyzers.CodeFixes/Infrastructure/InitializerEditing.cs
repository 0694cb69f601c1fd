using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Compliance.Analyzers.CodeFixes.Infrastructure;

/// <summary>Edits object initializers (<c>new T { A = 1 }</c>) while keeping their layout.</summary>
internal static class InitializerEditing
{
    /// <summary>
    /// Sets <paramref name="property"/> to <paramref name="value"/> in the initializer of
    /// <paramref name="creation"/>: replaces an existing assignment's value, or appends one,
    /// creating the initializer when there is none (<c>new T()</c> becomes <c>new T { P = v }</c>).
    /// </summary>
    public static BaseObjectCreationExpressionSyntax SetProperty(BaseObjectCreationExpressionSyntax creation, string property, ExpressionSyntax value)
    {
        var initializer = creation.Initializer;
        if (initializer is null)
        {
            var created = SyntaxFactory.InitializerExpression(
                SyntaxKind.ObjectInitializerExpression,
                SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(Assignment(property, value)));
            var withoutEmptyArguments = creation is ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } explicitCreation
                ? explicitCreation.WithArgumentList(null).WithType(explicitCreation.Type.WithoutTrailingTrivia())
                : creation;
            return withoutEmptyArguments
                .WithInitializer(created)
                .WithTrailingTrivia(creation.GetTrailingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        return creation.WithInitializer(SetProperty(initializer, property, value));
    }

    public static InitializerExpressionSyntax SetProperty(InitializerExpressionSyntax initializer, string property, ExpressionSyntax value)
    {
        foreach (var expression in initializer.Expressions)
        {
            if (expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } existing && name.Identifier.ValueText == property)
            {
                return initializer.ReplaceNode(existing.Right, value.WithTriviaFrom(existing.Right));
            }
        }

        var assignment = Assignment(property, value);
        var expressions = initializer.Expressions;
        var multiLine = IsMultiLine(initializer);
        if (expressions.Count == 0)
        {
            return initializer.WithExpressions(SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(assignment));
        }

        var last = expressions[expressions.Count - 1];
        if (multiLine)
        {
            assignment = assignment.WithLeadingTrivia(last.GetLeadingTrivia());
        }

        // Keep a trailing comma if the author used one; the new element follows the last one.
        var nodesAndTokens = expressions.GetWithSeparators();
        var hadTrailingSeparator = expressions.SeparatorCount == expressions.Count;
        var list = new List<SyntaxNodeOrToken>();
        for (var i = 0; i < nodesAndTokens.Count; i++)
        {
            var item = nodesAndTokens[i];
            if (hadTrailingSeparator && i == nodesAndTokens.Count - 1)
            {
                break;
            }

            if (item.IsNode && i == nodesAndTokens.Count - (hadTrailingSeparator ? 2 : 1))
            {
                // The last element: move its trailing trivia (for example a newline) after the new comma.
                var node = item.AsNode()!;
                list.Add(node.WithoutTrailingTrivia());
                list.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(multiLine ? node.GetTrailingTrivia() : SyntaxFactory.TriviaList(SyntaxFactory.Space)));
                continue;
            }

            list.Add(item);
        }

        if (hadTrailingSeparator)
        {
            list.Add(assignment.WithTrailingTrivia());
            list.Add(nodesAndTokens[nodesAndTokens.Count - 1]);
        }
        else
        {
            list.Add(multiLine ? assignment.WithTrailingTrivia(last.GetTrailingTrivia()) : assignment.WithTrailingTrivia(last.GetTrailingTrivia()));
        }

        return initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(list));
    }

    private static AssignmentExpressionSyntax Assignment(string property, ExpressionSyntax value)
        => SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(property), value.WithoutTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);

    private static bool IsMultiLine(InitializerExpressionSyntax initializer)
    {
        var text = initializer.SyntaxTree.GetText();
        return text.Lines.GetLineFromPosition(initializer.OpenBraceToken.SpanStart).LineNumber
            != text.Lines.GetLineFromPosition(initializer.CloseBraceToken.SpanStart).LineNumber;
    }
}
