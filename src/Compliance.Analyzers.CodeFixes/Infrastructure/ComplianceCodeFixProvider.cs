using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Compliance.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// Base for providers whose fixes are independent edits, one per diagnostic, identified by an
/// equivalence key: the batch fixer can then compute them one by one and merge them for Fix All.
/// Providers that must see all of a document's diagnostics at once (to apply a shared edit only
/// once) need their own Fix All provider and do not derive from this class.
/// </summary>
public abstract class ComplianceCodeFixProvider : CodeFixProvider
{
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        await RegisterCodeFixesAsync(context, root).ConfigureAwait(false);
    }

    /// <summary>Registers the fixes for <c>context.Diagnostics</c>, given the document's syntax root.</summary>
    protected abstract Task RegisterCodeFixesAsync(CodeFixContext context, SyntaxNode root);

    /// <summary>The node the diagnostic's location spans.</summary>
    protected static SyntaxNode FindNode(SyntaxNode root, Diagnostic diagnostic, bool getInnermostNodeForTie = false)
        => root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: getInnermostNodeForTie);

    protected static void RegisterCodeFix(CodeFixContext context, Diagnostic diagnostic, string title, Func<CancellationToken, Task<Document>> createChangedDocument, string equivalenceKey)
        => context.RegisterCodeFix(ComplianceCodeAction.Create(title, context.Document, createChangedDocument, equivalenceKey), diagnostic);
}
