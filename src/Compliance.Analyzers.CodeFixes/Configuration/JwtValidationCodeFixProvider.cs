using System.Collections.Immutable;
using System.Composition;
using Compliance.Analyzers.Configuration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.CodeFixes.Configuration;

/// <summary>Fixes CMP4007 for switched-off checks by setting the flag back to <c>true</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(JwtValidationCodeFixProvider)), Shared]
public sealed class JwtValidationCodeFixProvider : CodeFixProvider
{
    public const string RestoreValidationKey = RuleIds.JwtValidationWeakened + ".RestoreValidation";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.JwtValidationWeakened);

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
            if (diagnostic.Properties.ContainsKey(JwtValidationAnalyzer.RestoreFlagProperty)
                && root.FindNode(diagnostic.Location.SourceSpan) is AssignmentExpressionSyntax assignment)
            {
                var fixedRoot = root.ReplaceNode(assignment.Right, SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(assignment.Right));
                context.RegisterCodeFix(
                    CodeAction.Create($"Set {assignment.Left} = true", _ => Task.FromResult(context.Document.WithSyntaxRoot(fixedRoot)), RestoreValidationKey),
                    diagnostic);
            }
        }
    }
}
