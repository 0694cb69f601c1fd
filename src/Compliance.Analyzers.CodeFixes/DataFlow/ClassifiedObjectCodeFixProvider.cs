using System.Collections.Immutable;
using System.Composition;
using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Infrastructure.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.CodeFixes.DataFlow;

/// <summary>
/// Fixes CMP2005 by logging the object's identifier instead (<c>patient</c> → <c>patient.Id</c>)
/// when its type has an unclassified <c>Id</c> or <c>{Type}Id</c> property, and otherwise (or as a
/// second choice) by wrapping it in <c>Redact.Value(...)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClassifiedObjectCodeFixProvider)), Shared]
public sealed class ClassifiedObjectCodeFixProvider : ComplianceCodeFixProvider
{
    public const string LogIdentifierKey = RuleIds.ClassifiedObjectLoggedWhole + ".LogIdentifier";
    public const string RedactValueKey = RuleIds.ClassifiedObjectLoggedWhole + ".RedactValue";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ClassifiedObjectLoggedWhole);

    protected override async Task RegisterCodeFixesAsync(CodeFixContext context, SyntaxNode root)
    {
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var expression = RedactionEditing.FindExpression(root, diagnostic);
            if (expression is null)
            {
                continue;
            }

            var type = model.GetTypeInfo(expression, context.CancellationToken).Type;
            if (type is not null && IdentifierProperty(type, model.Compilation, context.Document.Project.AnalyzerOptions) is { } identifier)
            {
                RegisterCodeFix(
                    context,
                    diagnostic,
                    "Log " + type.Name + "." + identifier.Name + " instead",
                    ct => UseIdentifierAsync(context.Document, expression, identifier.Name, ct),
                    LogIdentifierKey);
            }

            if (RedactionEditing.RedactAvailable(model.Compilation) && RedactionEditing.AcceptsString(model, expression, context.CancellationToken))
            {
                RegisterCodeFix(
                    context,
                    diagnostic,
                    "Redact the object (Redact.Value)",
                    ct => RedactionEditing.WrapAsync(context.Document, expression, "Value", ct),
                    RedactValueKey);
            }
        }
    }

    /// <summary>A readable, unclassified <c>Id</c> or <c>{Type}Id</c> property, declared or inherited.</summary>
    internal static IPropertySymbol? IdentifierProperty(ITypeSymbol type, Compilation compilation, AnalyzerOptions options)
    {
        var classification = ClassificationModel.For(compilation, options);
        foreach (var name in new[] { "Id", type.Name + "Id" })
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(name))
                {
                    if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: not null, DeclaredAccessibility: Accessibility.Public } property
                        && !classification.TryGetClassification(property, out _))
                    {
                        return property;
                    }
                }
            }
        }

        return null;
    }

    private static async Task<Document> UseIdentifierAsync(Document document, ExpressionSyntax expression, string property, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var target = expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ThisExpressionSyntax
            ? expression.WithoutTrivia()
            : SyntaxFactory.ParenthesizedExpression(expression.WithoutTrivia());
        var access = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, SyntaxFactory.IdentifierName(property))
            .WithTriviaFrom(expression);
        return document.WithSyntaxRoot(root.ReplaceNode(expression, access));
    }
}
