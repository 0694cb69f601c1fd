using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Compliance.Analyzers.CodeFixes.DataFlow;

/// <summary>Fixes CMP2007 by marking the entity property <c>[Encrypted]</c>, importing Compliance.Runtime.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddEncryptedCodeFixProvider)), Shared]
public sealed class AddEncryptedCodeFixProvider : CodeFixProvider
{
    public const string AddEncryptedKey = RuleIds.ClassifiedDataPersistedUnencrypted + ".AddEncrypted";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ClassifiedDataPersistedUnencrypted);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var declaration = AttributeEditing.FindDeclaration(root, diagnostic.Location.SourceSpan);
            if (declaration is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Encrypt the column ([Encrypted])", ct => AttributeEditing.AddAsync(context.Document, declaration, "Encrypted", ct), AddEncryptedKey),
                diagnostic);
        }
    }
}
