using Compliance.Analyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.CodeFixes.DataFlow;

/// <summary>Adds a Compliance.Runtime attribute (<c>[Phi]</c>, <c>[Pii]</c>, <c>[Encrypted]</c>) to a member declaration, on its own line, keeping the layout.</summary>
internal static class AttributeEditing
{
    /// <summary>The declaration that owns the identifier at <paramref name="span"/>: a property, a single-variable field, or a record's positional parameter.</summary>
    public static SyntaxNode? FindDeclaration(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var token = root.FindToken(span.Start);
        return token.Parent switch
        {
            PropertyDeclarationSyntax property => property,
            ParameterSyntax parameter => parameter,
            VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax field } } => field,
            _ => null,
        };
    }

    /// <param name="attributeMetadataName">The attribute's metadata name, written as its short name (<c>[Phi]</c>) once imported.</param>
    public static async Task<Document> AddAsync(Document document, SyntaxNode declaration, string attributeMetadataName, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(ExpressionFactory.TypeName(attributeMetadataName))));
        SyntaxNode updated = declaration switch
        {
            ParameterSyntax parameter => parameter.WithAttributeLists(parameter.AttributeLists.Add(attribute.WithTrailingTrivia(SyntaxFactory.Space))),
            MemberDeclarationSyntax member => AddOnOwnLine(member, attribute, await LineEndings.EndOfLineAsync(document, cancellationToken).ConfigureAwait(false)),
            _ => declaration,
        };

        return await DocumentCleanup.ReplaceAsync(document, declaration, updated, cancellationToken).ConfigureAwait(false);
    }

    private static MemberDeclarationSyntax AddOnOwnLine(MemberDeclarationSyntax member, AttributeListSyntax attribute, SyntaxTrivia documentEndOfLine)
    {
        var leading = member.GetLeadingTrivia();
        var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
            : SyntaxFactory.TriviaList();
        var newLine = member.DescendantTrivia().FirstOrDefault(static t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var endOfLine = newLine.IsKind(SyntaxKind.EndOfLineTrivia) ? newLine : documentEndOfLine;

        if (member.AttributeLists.Count == 0)
        {
            // The member's leading trivia (comments, indentation) moves to the new first line.
            var withoutTrivia = member.WithoutLeadingTrivia();
            var list = attribute.WithLeadingTrivia(leading).WithTrailingTrivia(endOfLine);
            var updated = withoutTrivia.WithAttributeLists(SyntaxFactory.SingletonList(list));
            var firstAfter = updated.AttributeLists.Last().GetLastToken().GetNextToken();
            return updated.ReplaceToken(firstAfter, firstAfter.WithLeadingTrivia(indentation));
        }

        var last = member.AttributeLists.Last();
        if (!last.GetTrailingTrivia().Any(static t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
        {
            // Attributes written on the member's line: join the last list, [Phi] -> [Phi, Encrypted].
            var merged = last.WithAttributes(last.Attributes.Add(attribute.Attributes[0]));
            return member.WithAttributeLists(member.AttributeLists.Replace(last, merged));
        }

        var added = attribute.WithLeadingTrivia(indentation).WithTrailingTrivia(endOfLine);
        return member.WithAttributeLists(member.AttributeLists.Add(added));
    }
}
