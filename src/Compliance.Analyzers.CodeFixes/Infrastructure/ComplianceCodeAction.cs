using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;

namespace Compliance.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// The code action every fix registers: a document change that keeps the file's line endings.
/// The host cleans up a fix after it returns (simplification, and formatting of annotated nodes
/// and elastic trivia with the workspace's newline), so the line breaks are restored after that
/// cleanup. The fix's own result is left as a tree: turning it into text before the cleanup would
/// drop the annotations and elastic trivia the cleanup works on.
/// </summary>
internal sealed class ComplianceCodeAction : CodeAction
{
    private readonly Document _document;
    private readonly Func<CancellationToken, Task<Document>> _createChangedDocument;

    private ComplianceCodeAction(string title, Document document, Func<CancellationToken, Task<Document>> createChangedDocument, string equivalenceKey)
    {
        Title = title;
        EquivalenceKey = equivalenceKey;
        _document = document;
        _createChangedDocument = createChangedDocument;
    }

    public override string Title { get; }

    public override string EquivalenceKey { get; }

    public static CodeAction Create(string title, Document document, Func<CancellationToken, Task<Document>> createChangedDocument, string equivalenceKey)
        => new ComplianceCodeAction(title, document, createChangedDocument, equivalenceKey);

    protected override Task<Document> GetChangedDocumentAsync(CancellationToken cancellationToken)
        => _createChangedDocument(cancellationToken);

    protected override async Task<Document> PostProcessChangesAsync(Document changed, CancellationToken cancellationToken)
    {
        var cleaned = await base.PostProcessChangesAsync(changed, cancellationToken).ConfigureAwait(false);
        return await LineEndings.RestoreAsync(_document, cleaned, cancellationToken).ConfigureAwait(false);
    }
}
