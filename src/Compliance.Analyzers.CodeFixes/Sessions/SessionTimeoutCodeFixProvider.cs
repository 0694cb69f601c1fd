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

/// <summary>Fixes CMP4005 by setting the policy value: <c>TimeSpan.FromMinutes(policy)</c>, or <c>IsPersistent = false</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SessionTimeoutCodeFixProvider)), Shared]
public sealed class SessionTimeoutCodeFixProvider : ComplianceCodeFixProvider
{
    public const string UsePolicyValueKey = RuleIds.SessionTimeoutTooLong + ".UsePolicyValue";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SessionTimeoutTooLong);

    protected override Task RegisterCodeFixesAsync(CodeFixContext context, SyntaxNode root)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindNode(root, diagnostic) is not AssignmentExpressionSyntax assignment
                || !diagnostic.Properties.TryGetValue(SessionTimeoutAnalyzer.PolicyValueProperty, out var policy)
                || policy is null)
            {
                continue;
            }

            var title = policy == "false" ? "Set IsPersistent = false" : $"Set the timeout to {policy} minutes";
            RegisterCodeFix(context, diagnostic, title, ct => FixAsync(context.Document, assignment, policy, ct), UsePolicyValueKey);
        }

        return Task.CompletedTask;
    }

    private static Task<Document> FixAsync(Document document, AssignmentExpressionSyntax assignment, string policy, CancellationToken cancellationToken)
    {
        var value = policy == "false"
            ? SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)
            : ExpressionFactory.Annotate(SyntaxFactory.ParseExpression($"{ExpressionFactory.Qualified("System.TimeSpan")}.FromMinutes({policy})"));
        return DocumentCleanup.ReplaceAsync(document, assignment.Right, value.WithTriviaFrom(assignment.Right), cancellationToken);
    }
}
