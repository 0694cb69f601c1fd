using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Compliance.Analyzers.CodeFixes.Infrastructure;

/// <summary>Finishing touches every fix applies: the usings its new code needs, and formatting of new nodes.</summary>
internal static class DocumentCleanup
{
    /// <summary>Replaces one node, adds the usings <paramref name="factory"/> recorded, and formats new nodes.</summary>
    public static async Task<Document> ReplaceAsync(Document document, SyntaxNode oldNode, SyntaxNode newNode, ExpressionFactory factory, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null
            ? document
            : await FinishAsync(document.WithSyntaxRoot(root.ReplaceNode(oldNode, newNode)), factory, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<Document> FinishAsync(Document document, ExpressionFactory factory, CancellationToken cancellationToken)
    {
        document = await AddUsingsAsync(document, factory.RequiredNamespaces, cancellationToken).ConfigureAwait(false);
        return await FormatAsync(document, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Formats the nodes annotated for formatting, with the document's own line ending as the newline.</summary>
    public static async Task<Document> FormatAsync(Document document, CancellationToken cancellationToken)
    {
        var options = await LineEndings.FormattingOptionsAsync(document, cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(document, Formatter.Annotation, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds <c>using</c> directives for <paramref name="namespaces"/> to the file, in sorted position
    /// (System namespaces first, as the repository style and the .NET templates order them).
    /// </summary>
    public static async Task<Document> AddUsingsAsync(Document document, IReadOnlyCollection<string> namespaces, CancellationToken cancellationToken)
    {
        if (namespaces.Count == 0 || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root)
        {
            return document;
        }

        var endOfLine = await LineEndings.EndOfLineAsync(document, cancellationToken).ConfigureAwait(false);
        var usings = root.Usings;
        foreach (var name in namespaces.OrderBy(static n => n, StringComparer.Ordinal))
        {
            if (usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == name))
            {
                continue;
            }

            // Normalized here rather than left to the host's cleanup: once a fix's result goes through
            // text (Fix All merges text changes), elastic trivia is no longer formatted.
            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(name)).NormalizeWhitespace().WithTrailingTrivia(endOfLine);
            var index = 0;
            while (index < usings.Count && usings[index].Alias is null && Compare(usings[index].Name?.ToString() ?? "", name) < 0)
            {
                index++;
            }

            if (usings.Count == 0)
            {
                directive = directive.WithTrailingTrivia(endOfLine, endOfLine);
                usings = usings.Add(directive);
            }
            else
            {
                var eol = usings[0].GetTrailingTrivia().LastOrDefault(static t => t.IsKind(SyntaxKind.EndOfLineTrivia));
                directive = directive.WithTrailingTrivia(eol.IsKind(SyntaxKind.EndOfLineTrivia) ? eol : endOfLine);
                if (index == 0)
                {
                    // Keep the file's leading trivia (header comments) before the first directive.
                    directive = directive.WithLeadingTrivia(usings[0].GetLeadingTrivia());
                    usings = usings.Replace(usings[0], usings[0].WithLeadingTrivia());
                }

                usings = usings.Insert(index, directive);
            }
        }

        return document.WithSyntaxRoot(root.WithUsings(usings));
    }

    private static int Compare(string existing, string added)
    {
        var existingIsSystem = existing == "System" || existing.StartsWith("System.", StringComparison.Ordinal);
        var addedIsSystem = added == "System" || added.StartsWith("System.", StringComparison.Ordinal);
        return existingIsSystem != addedIsSystem ? (existingIsSystem ? -1 : 1) : string.CompareOrdinal(existing, added);
    }
}
