using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Compliance.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// Finishing touches every fix applies to the code it built with <see cref="ExpressionFactory"/>:
/// the imports its names need, the names reduced, and formatting of new nodes.
/// </summary>
/// <remarks>
/// This is the cleanup a host runs after a code action (imports, simplification, formatting), run
/// by the fix itself so the result does not depend on the host: the Fix All providers of the
/// endpoint fixes return documents no code action post-processes, a batch Fix All merges fixes as
/// text changes (annotations and elastic trivia do not survive text), and the import step of the
/// hosts' cleanup reads only symbol annotations, an internal API (run on Roslyn 4.14, the version
/// the tests load, a code action's post-processing added no import for these names, nor for
/// <c>SyntaxGenerator.TypeExpression(type, addImport: true)</c>). Imports are added by Roslyn's
/// <see cref="ImportAdder"/> from the fully qualified names, so the consumer's
/// <c>dotnet_sort_system_directives_first</c>, <c>dotnet_separate_import_directive_groups</c> and
/// <c>csharp_using_directive_placement</c> decide where they go; the <see cref="Simplifier"/> then
/// reduces the names (and the extension calls), and drops an added import it did not need (when
/// an alias or a static using serves instead).
/// </remarks>
internal static class DocumentCleanup
{
    /// <summary>Replaces one node, then <see cref="FinishAsync"/>.</summary>
    public static async Task<Document> ReplaceAsync(Document document, SyntaxNode oldNode, SyntaxNode newNode, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null
            ? document
            : await FinishAsync(document.WithSyntaxRoot(root.ReplaceNode(oldNode, newNode)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the imports the annotated names need, reduces the names, and formats new nodes.</summary>
    public static async Task<Document> FinishAsync(Document document, CancellationToken cancellationToken)
    {
        var withImports = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        var reduced = await ReduceAsync(withImports, cancellationToken).ConfigureAwait(false);
        var original = Imports(await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false));
        if (!original.SequenceEqual(Imports(await withImports.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false)))
            && original.SequenceEqual(Imports(await reduced.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))))
        {
            // The simplifier removed every import that was added: the names bind through imports the
            // import adder does not see (Roslyn 4.14 misses global usings of other files), or stay
            // qualified where Roslyn cannot reduce them. Removing an added import leaves the blank
            // line that separated it from the code, so the names are reduced without adding any.
            reduced = await ReduceAsync(document, cancellationToken).ConfigureAwait(false);
        }

        document = await WithoutCleanupAnnotationsAsync(reduced, cancellationToken).ConfigureAwait(false);
        return await FormatAsync(document, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Formats the nodes annotated for formatting and elastic trivia, with the document's own line
    /// ending as the newline.
    /// </summary>
    public static async Task<Document> FormatAsync(Document document, CancellationToken cancellationToken)
    {
        var options = await LineEndings.FormattingOptionsAsync(document, cancellationToken).ConfigureAwait(false);
        document = await Formatter.FormatAsync(document, Formatter.Annotation, options, cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(document, SyntaxAnnotation.ElasticAnnotation, options, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Document> ReduceAsync(Document document, CancellationToken cancellationToken)
    {
        document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await WithoutGlobalAliasAsync(document, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Where the simplifier left a generated name whole, <c>global::Ns.Type</c> becomes
    /// <c>Ns.Type</c> when <c>Ns</c> names the same namespace there; otherwise an interpolation hole
    /// holding it is parenthesized, since its colon would end the hole. Roslyn's simplifier reduces
    /// no name inside a conditional expression that has no natural type (<c>b ? new A() : new B()</c>
    /// converted to a common base).
    /// </summary>
    private static async Task<Document> WithoutGlobalAliasAsync(Document document, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var unaliased = new List<SyntaxNode>();
        var holes = new HashSet<SyntaxNode>();
        foreach (var generated in root.GetAnnotatedNodes(Simplifier.AddImportsAnnotation))
        {
            foreach (var name in generated.DescendantNodesAndSelf().OfType<AliasQualifiedNameSyntax>())
            {
                if (!name.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword))
                {
                    continue;
                }

                var first = name.Name.Identifier.ValueText;
                var bound = model.GetSpeculativeSymbolInfo(name.SpanStart, SyntaxFactory.IdentifierName(first), SpeculativeBindingOption.BindAsTypeOrNamespace).Symbol;
                if (bound is INamespaceSymbol { ContainingNamespace.IsGlobalNamespace: true } && bound.Name == first)
                {
                    unaliased.Add(name);
                }
                else if (name.FirstAncestorOrSelf<InterpolationSyntax>() is { Expression: not ParenthesizedExpressionSyntax } hole)
                {
                    holes.Add(hole.Expression);
                }
            }
        }

        if (unaliased.Count == 0 && holes.Count == 0)
        {
            return document;
        }

        return document.WithSyntaxRoot(root.ReplaceNodes(
            unaliased.Concat(holes),
            static (original, rewritten) => original is AliasQualifiedNameSyntax
                ? ((AliasQualifiedNameSyntax)rewritten).Name.WithTriviaFrom(rewritten)
                : SyntaxFactory.ParenthesizedExpression((ExpressionSyntax)rewritten)));
    }

    /// <summary>The document's using directives, as written.</summary>
    private static List<string> Imports(SyntaxNode? root)
        => root is null
            ? new List<string>()
            : root.DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
                .OfType<UsingDirectiveSyntax>()
                .Select(static u => u.WithoutTrivia().ToString())
                .ToList();

    /// <summary>
    /// Removes the annotations of this cleanup, so the host's own cleanup after the code action
    /// finds nothing left to redo and the fix reads the same with or without one.
    /// </summary>
    private static async Task<Document> WithoutCleanupAnnotationsAsync(Document document, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var annotations = new[] { Simplifier.Annotation, Simplifier.AddImportsAnnotation };
        var nodes = new HashSet<SyntaxNode>();
        var tokens = new HashSet<SyntaxToken>();
        foreach (var annotated in root.GetAnnotatedNodesAndTokens(annotations.Select(static a => a.Kind!).ToArray()))
        {
            if (annotated.IsNode)
            {
                nodes.Add(annotated.AsNode()!);
            }
            else
            {
                tokens.Add(annotated.AsToken());
            }
        }

        if (nodes.Count == 0 && tokens.Count == 0)
        {
            return document;
        }

        var cleaned = root.ReplaceSyntax(
            nodes,
            (_, rewritten) => rewritten.WithoutAnnotations(annotations),
            tokens,
            (_, rewritten) => rewritten.WithoutAnnotations(annotations),
            Array.Empty<SyntaxTrivia>(),
            static (_, rewritten) => rewritten);
        return document.WithSyntaxRoot(cleaned);
    }
}
