using System.Collections.Immutable;
using System.Composition;
using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Compliance.Analyzers.CodeFixes.DataFlow;

/// <summary>Fixes CMP2007 by marking the entity property <c>[Encrypted]</c>, importing Compliance.Runtime.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddEncryptedCodeFixProvider)), Shared]
public sealed class AddEncryptedCodeFixProvider : ComplianceCodeFixProvider
{
    public const string AddEncryptedKey = RuleIds.ClassifiedDataPersistedUnencrypted + ".AddEncrypted";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ClassifiedDataPersistedUnencrypted);

    protected override Task RegisterCodeFixesAsync(CodeFixContext context, SyntaxNode root)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var declaration = AttributeEditing.FindDeclaration(root, diagnostic.Location.SourceSpan);
            if (declaration is null)
            {
                continue;
            }

            RegisterCodeFix(context, diagnostic, "Encrypt the column ([Encrypted])", ct => AttributeEditing.AddAsync(context.Document, declaration, TypeNames.EncryptedAttribute, ct), AddEncryptedKey);
        }

        return Task.CompletedTask;
    }
}
