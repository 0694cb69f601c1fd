using System.Collections.Immutable;
using System.Composition;
using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.DataFlow;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Compliance.Analyzers.CodeFixes.DataFlow;

/// <summary>
/// Fixes CMP2006 by classifying the member: <c>[Phi]</c> first when the type is about health data
/// (or already holds [Phi] members), otherwise <c>[Pii]</c> first; both are offered.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClassifyMemberCodeFixProvider)), Shared]
public sealed class ClassifyMemberCodeFixProvider : ComplianceCodeFixProvider
{
    public const string AddPhiKey = RuleIds.UnclassifiedIdentifierMember + ".AddPhi";
    public const string AddPiiKey = RuleIds.UnclassifiedIdentifierMember + ".AddPii";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnclassifiedIdentifierMember);

    protected override Task RegisterCodeFixesAsync(CodeFixContext context, SyntaxNode root)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var declaration = AttributeEditing.FindDeclaration(root, diagnostic.Location.SourceSpan);
            if (declaration is null)
            {
                continue;
            }

            var phiFirst = !diagnostic.Properties.TryGetValue(UnclassifiedIdentifierAnalyzer.SuggestedAttributeKey, out var suggested) || suggested == "Phi";
            var phi = ComplianceCodeAction.Create("Mark as protected health information ([Phi])", context.Document, ct => AttributeEditing.AddAsync(context.Document, declaration, TypeNames.PhiAttribute, ct), AddPhiKey);
            var pii = ComplianceCodeAction.Create("Mark as personally identifiable information ([Pii])", context.Document, ct => AttributeEditing.AddAsync(context.Document, declaration, TypeNames.PiiAttribute, ct), AddPiiKey);
            context.RegisterCodeFix(phiFirst ? phi : pii, diagnostic);
            context.RegisterCodeFix(phiFirst ? pii : phi, diagnostic);
        }

        return Task.CompletedTask;
    }
}
