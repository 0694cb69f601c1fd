using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;

namespace Compliance.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// The code action every fix registers: a document change that keeps the file's line endings.
/// The host cleans up a fix after it returns (simplification, and formatting of annotated nodes
/// and elastic trivia with the workspace's newline), so the line breaks are restored both on the
/// fix's own result, which Fix All merges, and after that cleanup.
/// </summary>
internal sealed class ComplianceCodeAction : CodeAction
{
    private readonly Document document;
    private readonly Func<CancellationToken, Task<Document>> createChangedDocument;

    private ComplianceCodeAction(string title, Document document, Func<CancellationToken, Task<Document>> createChangedDocument, string equivalenceKey)
    {
        Title = title;
        EquivalenceKey = equivalenceKey;
        this.document = document;
        this.createChangedDocument = createChangedDocument;
    }

    public override string Title { get; }

    public override string EquivalenceKey { get; }

    public static CodeAction Create(string title, Document document, Func<CancellationToken, Task<Document>> createChangedDocument, string equivalenceKey)
        => new ComplianceCodeAction(title, document, createChangedDocument, equivalenceKey);

    protected override async Task<Document> GetChangedDocumentAsync(CancellationToken cancellationToken)
    {
        var changed = await createChangedDocument(cancellationToken).ConfigureAwait(false);
        return await LineEndings.RestoreAsync(document, changed, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<Document> PostProcessChangesAsync(Document changed, CancellationToken cancellationToken)
    {
        var cleaned = await base.PostProcessChangesAsync(changed, cancellationToken).ConfigureAwait(false);
        return await LineEndings.RestoreAsync(document, cleaned, cancellationToken).ConfigureAwait(false);
    }
}
