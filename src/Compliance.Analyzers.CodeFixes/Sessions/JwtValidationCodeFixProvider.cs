using System.Collections.Immutable;
using System.Composition;
using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Meta;
using Compliance.Analyzers.Sessions;
using Compliance.Analyzers.Transport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.CodeFixes.Sessions;

/// <summary>Fixes CMP4007 for switched-off checks by setting the flag back to <c>true</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(JwtValidationCodeFixProvider)), Shared]
public sealed class JwtValidationCodeFixProvider : ComplianceCodeFixProvider
{
    public const string RestoreValidationKey = RuleIds.JwtValidationWeakened + ".RestoreValidation";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.JwtValidationWeakened);

    protected override Task RegisterCodeFixesAsync(CodeFixContext context, SyntaxNode root)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.ContainsKey(JwtValidationAnalyzer.RestoreFlagProperty)
                && FindNode(root, diagnostic) is AssignmentExpressionSyntax assignment)
            {
                var fixedRoot = root.ReplaceNode(assignment.Right, SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(assignment.Right));
                RegisterCodeFix(context, diagnostic, $"Set {assignment.Left} = true", _ => Task.FromResult(context.Document.WithSyntaxRoot(fixedRoot)), RestoreValidationKey);
            }
        }

        return Task.CompletedTask;
    }
}
