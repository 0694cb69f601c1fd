using System.Collections.Immutable;
using System.Composition;
using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Sessions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.CodeFixes.Sessions;

/// <summary>
/// Fixes CMP4004 by replacing the weakened value: <c>SecurePolicy = CookieSecurePolicy.Always</c>,
/// <c>HttpOnly = true</c>, or <c>SameSite</c> at the configured minimum (Lax unless
/// <c>compliance.sessions.minimum_same_site = strict</c>). Lax, not Strict, is the default here
/// because a Strict authentication cookie is not sent when a user follows a link into the
/// application or returns from an external identity provider, which looks like being signed out.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CookieBuilderCodeFixProvider)), Shared]
public sealed class CookieBuilderCodeFixProvider : ComplianceCodeFixProvider
{
    public const string SecureSettingKey = RuleIds.InsecureFrameworkCookie + ".UseSecureSetting";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.InsecureFrameworkCookie);

    protected override Task RegisterCodeFixesAsync(CodeFixContext context, SyntaxNode root)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindNode(root, diagnostic) is not AssignmentExpressionSyntax assignment
                || !diagnostic.Properties.TryGetValue(CookieBuilderAnalyzer.PropertyKey, out var property))
            {
                continue;
            }

            var (title, value) = property switch
            {
                "SecurePolicy" => ("Set SecurePolicy = CookieSecurePolicy.Always", ExpressionFactory.StaticMember(TypeNames.CookieSecurePolicy, "Always")),
                "HttpOnly" => ("Set HttpOnly = true", ExpressionFactory.True),
                _ => SameSiteFix(context.Document, assignment),
            };

            RegisterCodeFix(
                context,
                diagnostic,
                title,
                ct => DocumentCleanup.ReplaceAsync(context.Document, assignment.Right, value.WithTriviaFrom(assignment.Right), ct),
                SecureSettingKey);
        }

        return Task.CompletedTask;
    }

    private static (string Title, ExpressionSyntax Value) SameSiteFix(Document document, SyntaxNode node)
    {
        var options = document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(node.SyntaxTree);
        var mode = ComplianceOptions.SessionsMinimumSameSite.Get(options) == MinimumSameSite.Strict ? "Strict" : "Lax";
        return ($"Set SameSite = SameSiteMode.{mode}", ExpressionFactory.StaticMember(TypeNames.SameSiteMode, mode));
    }
}
