using System.Collections.Immutable;
using System.Composition;
using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Compliance.Analyzers.CodeFixes.Transport;

/// <summary>
/// Fixes CMP5006 by moving the call into a development-only branch:
/// <c>app.UseDeveloperExceptionPage();</c> becomes
/// <c>if (app.Environment.IsDevelopment()) { app.UseDeveloperExceptionPage(); }</c>. The environment is
/// the <c>WebApplication</c>'s own, or the enclosing method's <c>IWebHostEnvironment</c>/<c>IHostEnvironment</c>
/// parameter (<c>Startup.Configure</c>); without either, or when the call is part of a larger
/// expression, no fix is offered.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeveloperExceptionPageCodeFixProvider)), Shared]
public sealed class DeveloperExceptionPageCodeFixProvider : ComplianceCodeFixProvider
{
    public const string OnlyInDevelopmentKey = RuleIds.DeveloperExceptionPage + ".OnlyInDevelopment";

    private const string WebApplication = "Microsoft.AspNetCore.Builder.WebApplication";
    private const string HostEnvironment = "Microsoft.Extensions.Hosting.IHostEnvironment";
    private const string EnvironmentExtensions = "Microsoft.Extensions.Hosting.HostEnvironmentEnvExtensions";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.DeveloperExceptionPage);

    protected override async Task RegisterCodeFixesAsync(CodeFixContext context, SyntaxNode root)
    {
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindNode(root, diagnostic, getInnermostNodeForTie: true) is not InvocationExpressionSyntax { Parent: ExpressionStatementSyntax { Parent: BlockSyntax or GlobalStatementSyntax } statement } invocation
                || Environment(model, invocation, context.CancellationToken) is not { } environment)
            {
                continue;
            }

            RegisterCodeFix(context, diagnostic, "Only in development", ct => FixAsync(context.Document, statement, environment, ct), OnlyInDevelopmentKey);
        }
    }

    /// <summary>The expression of the hosting environment in scope of the call, as text.</summary>
    private static string? Environment(SemanticModel model, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        var receiver = invocation.Expression is MemberAccessExpressionSyntax member ? member.Expression : null;
        if (receiver is IdentifierNameSyntax
            && model.GetTypeInfo(receiver, cancellationToken).Type is { } receiverType
            && KnownTypes.For(model.Compilation).Get(WebApplication) is { } webApplication
            && SymbolEqualityComparer.Default.Equals(receiverType, webApplication))
        {
            return receiver + ".Environment";
        }

        var hostEnvironment = KnownTypes.For(model.Compilation).Get(HostEnvironment);
        if (hostEnvironment is null || model.GetEnclosingSymbol(invocation.SpanStart, cancellationToken) is not IMethodSymbol method)
        {
            return null;
        }

        // Startup.Configure(IApplicationBuilder app, IWebHostEnvironment env): IWebHostEnvironment is an IHostEnvironment.
        foreach (var parameter in method.Parameters)
        {
            if (SymbolEqualityComparer.Default.Equals(parameter.Type, hostEnvironment)
                || parameter.Type.AllInterfaces.Contains(hostEnvironment, SymbolEqualityComparer.Default))
            {
                return parameter.Name;
            }
        }

        return null;
    }

    private static Task<Document> FixAsync(Document document, ExpressionStatementSyntax statement, string environment, CancellationToken cancellationToken)
    {
        var condition = ExpressionFactory.ExtensionCall(EnvironmentExtensions, "IsDevelopment", SyntaxFactory.ParseExpression(environment));
        var guarded = SyntaxFactory.IfStatement(condition, SyntaxFactory.Block(statement.WithoutTrivia()))
            .WithLeadingTrivia(statement.GetLeadingTrivia())
            .WithTrailingTrivia(statement.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
        return DocumentCleanup.ReplaceAsync(document, statement, guarded, cancellationToken);
    }
}
