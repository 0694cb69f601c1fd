using System.Collections.Immutable;
using System.Composition;
using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Transport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Compliance.Analyzers.CodeFixes.Transport;

/// <summary>
/// Fixes CMP5001 and CMP5003 in a top-level (or Main) program, right after <c>var app = builder.Build();</c>:
/// <c>app.UseHsts()</c> inside <c>if (!app.Environment.IsDevelopment())</c>, <c>app.UseHttpsRedirection()</c>,
/// and <c>app.UseSecurityHeaders()</c> (Compliance.Runtime), each only when missing.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PipelineCodeFixProvider)), Shared]
public sealed class PipelineCodeFixProvider : ComplianceCodeFixProvider
{
    public const string EnforceHttpsKey = RuleIds.HttpsNotEnforced + ".EnforceHttps";
    public const string AddSecurityHeadersKey = RuleIds.SecurityHeadersMissing + ".AddSecurityHeaders";

    private const string SecurityHeadersExtensions = "Microsoft.AspNetCore.Builder.SecurityHeadersApplicationBuilderExtensions";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.HttpsNotEnforced, RuleIds.SecurityHeadersMissing);

    protected override async Task RegisterCodeFixesAsync(CodeFixContext context, SyntaxNode root)
    {
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(PipelineAnalyzer.MissingProperty, out var missing) || missing is null
                || FindNode(root, diagnostic, getInnermostNodeForTie: true) is not InvocationExpressionSyntax build
                || build.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is not { Declaration.Variables.Count: 1 } statement
                || statement.Parent is not (BlockSyntax or GlobalStatementSyntax))
            {
                continue;
            }

            var app = statement.Declaration.Variables[0].Identifier.ValueText;
            if (diagnostic.Id == RuleIds.SecurityHeadersMissing && !HasUseSecurityHeaders(model))
            {
                continue;
            }

            var (title, key) = diagnostic.Id == RuleIds.HttpsNotEnforced
                ? ("Add HSTS and HTTPS redirection", EnforceHttpsKey)
                : ("Add app.UseSecurityHeaders()", AddSecurityHeadersKey);
            RegisterCodeFix(context, diagnostic, title, ct => FixAsync(context.Document, statement, app, missing.Split(','), ct), key);
        }
    }

    /// <summary>UseSecurityHeaders comes from Compliance.Runtime; without it the fix would not compile.</summary>
    private static bool HasUseSecurityHeaders(SemanticModel model)
        => KnownTypes.For(model.Compilation).Get(SecurityHeadersExtensions) is not null;

    private static async Task<Document> FixAsync(Document document, LocalDeclarationStatementSyntax buildStatement, string app, string[] missing, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var eol = await LineEndings.OfAsync(document, cancellationToken).ConfigureAwait(false);
        var statements = new List<StatementSyntax>();
        if (missing.Contains("UseHsts"))
        {
            var isDevelopment = $"{ExpressionFactory.Qualified("Microsoft.Extensions.Hosting.HostEnvironmentEnvExtensions")}.IsDevelopment({app}.Environment)";
            var useHsts = $"{ExpressionFactory.Qualified("Microsoft.AspNetCore.Builder.HstsBuilderExtensions")}.UseHsts({app})";
            statements.Add(SyntaxFactory.ParseStatement($"if (!{isDevelopment}){eol}{{{eol}    {useHsts};{eol}}}{eol}"));
        }

        if (missing.Contains("UseHttpsRedirection"))
        {
            statements.Add(SyntaxFactory.ParseStatement($"{ExpressionFactory.Qualified("Microsoft.AspNetCore.Builder.HttpsPolicyBuilderExtensions")}.UseHttpsRedirection({app});{eol}"));
        }

        if (missing.Contains("UseSecurityHeaders"))
        {
            // The same call for every kind of application: the middleware picks the page or the API
            // Content-Security-Policy per response from its Content-Type, so an MVC or Razor Pages
            // app needs no different code than an API, and a mixed app gets both right.
            statements.Add(SyntaxFactory.ParseStatement($"{ExpressionFactory.Qualified(SecurityHeadersExtensions)}.UseSecurityHeaders({app});{eol}"));
        }

        var annotated = statements.Select(static s => ExpressionFactory.Annotate(s).WithAdditionalAnnotations(Formatter.Annotation)).ToList();
        SyntaxNode newRoot = buildStatement.Parent is GlobalStatementSyntax global
            ? root.InsertNodesAfter(global, annotated.Select(static s => (SyntaxNode)SyntaxFactory.GlobalStatement(s).WithAdditionalAnnotations(Formatter.Annotation)))
            : root.InsertNodesAfter(buildStatement, annotated);
        return await DocumentCleanup.FinishAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);
    }
}
