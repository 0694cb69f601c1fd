using System.Collections.Immutable;
using System.Composition;
using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Sessions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Compliance.Analyzers.CodeFixes.Sessions;

/// <summary>
/// Fixes CMP4001–CMP4003 by making the cookie's options secure: a bare <c>Append(key, value)</c>
/// gets <c>new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict }</c>;
/// an inline <c>new CookieOptions { … }</c> gets the property set; options held in a local get every
/// assignment of the property made safe, and the property added to the local's initializer.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ResponseCookieCodeFixProvider)), Shared]
public sealed class ResponseCookieCodeFixProvider : ComplianceCodeFixProvider
{
    public const string SetHttpOnlyKey = RuleIds.CookieWithoutHttpOnly + ".SetHttpOnly";
    public const string SetSecureKey = RuleIds.CookieWithoutSecure + ".SetSecure";
    public const string SetSameSiteKey = RuleIds.CookieWithoutStrictSameSite + ".SetSameSiteStrict";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        RuleIds.CookieWithoutHttpOnly,
        RuleIds.CookieWithoutSecure,
        RuleIds.CookieWithoutStrictSameSite);

    protected override Task RegisterCodeFixesAsync(CodeFixContext context, SyntaxNode root)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ResponseCookieAnalyzer.PropertyKey, out var property) || property is null)
            {
                continue;
            }

            var node = FindNode(root, diagnostic);
            var key = property switch
            {
                "HttpOnly" => SetHttpOnlyKey,
                "Secure" => SetSecureKey,
                _ => SetSameSiteKey,
            };

            switch (node)
            {
                case InvocationExpressionSyntax invocation:
                    RegisterCodeFix(
                        context,
                        diagnostic,
                        "Pass CookieOptions with HttpOnly, Secure and SameSite=Strict",
                        ct => AddSecureOptionsAsync(context.Document, invocation, ct),
                        key);
                    break;

                case ArgumentSyntax { Expression: BaseObjectCreationExpressionSyntax creation }:
                    RegisterCodeFix(
                        context,
                        diagnostic,
                        Title(property),
                        ct => DocumentCleanup.ReplaceAsync(context.Document, creation, InitializerEditing.SetProperty(creation, property, SafeValue(property)), ct),
                        key);
                    break;

                case ArgumentSyntax { Expression: IdentifierNameSyntax identifier }:
                    RegisterCodeFix(context, diagnostic, Title(property), ct => SecureLocalAsync(context.Document, identifier, property, ct), key);
                    break;
            }
        }

        return Task.CompletedTask;
    }

    private static string Title(string property) => property == "SameSite" ? "Set SameSite = SameSiteMode.Strict" : $"Set {property} = true";

    private static ExpressionSyntax SafeValue(string property)
        => property == "SameSite" ? ExpressionFactory.StaticMember(TypeNames.SameSiteMode, "Strict") : ExpressionFactory.True;

    private static Task<Document> AddSecureOptionsAsync(Document document, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        var creation = SyntaxFactory.ObjectCreationExpression(ExpressionFactory.TypeName(TypeNames.CookieOptions))
            .WithInitializer(SyntaxFactory.InitializerExpression(
                SyntaxKind.ObjectInitializerExpression,
                SyntaxFactory.SeparatedList<ExpressionSyntax>(new[]
                {
                    Assignment("HttpOnly", ExpressionFactory.True),
                    Assignment("Secure", ExpressionFactory.True),
                    Assignment("SameSite", SafeValue("SameSite")),
                })))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var fixedInvocation = invocation.WithArgumentList(invocation.ArgumentList.AddArguments(SyntaxFactory.Argument(creation)));
        return DocumentCleanup.ReplaceAsync(document, invocation, fixedInvocation, cancellationToken);
    }

    private static ExpressionSyntax Assignment(string property, ExpressionSyntax value)
        => SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(property), value);

    /// <summary>
    /// Options in a local: every assignment of the property in the body becomes the safe value, and
    /// when no unconditional assignment follows the declaration, the declaration's initializer sets it
    /// too, so every path reaching the call is safe.
    /// </summary>
    private static async Task<Document> SecureLocalAsync(Document document, IdentifierNameSyntax identifier, string property, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || model.GetSymbolInfo(identifier, cancellationToken).Symbol is not ILocalSymbol local)
        {
            return document;
        }

        var declarator = local.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<VariableDeclaratorSyntax>().FirstOrDefault();
        var body = identifier.Ancestors().FirstOrDefault(static a => a is BlockSyntax or ArrowExpressionClauseSyntax or CompilationUnitSyntax);
        if (declarator is null || body is null)
        {
            return document;
        }

        var assignments = body.DescendantNodes()
            .OfType<AssignmentExpressionSyntax>()
            .Where(a => a.IsKind(SyntaxKind.SimpleAssignmentExpression)
                && a.Left is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target, Name.Identifier.ValueText: var name }
                && name == property
                && target.Identifier.ValueText == local.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(target, cancellationToken).Symbol, local))
            .ToList();

        var declarationStatement = declarator.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>();
        var setUnconditionally = assignments.Any(a => a.Parent is ExpressionStatementSyntax statement && statement.Parent == declarationStatement?.Parent);
        var creation = declarator.Initializer?.Value as BaseObjectCreationExpressionSyntax;

        var nodes = new List<SyntaxNode>(assignments.Select(static a => (SyntaxNode)a.Right));
        if (!setUnconditionally && creation is not null)
        {
            nodes.Add(creation);
        }

        var fixedRoot = root.ReplaceNodes(nodes, (original, rewritten) => original switch
        {
            BaseObjectCreationExpressionSyntax => InitializerEditing.SetProperty((BaseObjectCreationExpressionSyntax)rewritten, property, SafeValue(property)),
            _ => SafeValue(property).WithTriviaFrom(original),
        });
        return await DocumentCleanup.FinishAsync(document.WithSyntaxRoot(fixedRoot), cancellationToken).ConfigureAwait(false);
    }
}
