using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.CodeFixes.DataFlow;

/// <summary>
/// The platform's redaction as a fix: <c>redactorProvider.GetRedactor(HipaaTaxonomy.Phi).Redact(value)</c>,
/// through an <c>IRedactorProvider</c> the code already has in scope (an injected field, property,
/// parameter or local), so the redactor the application maps to the classification
/// (<c>AddRedaction</c>: the marker, HMAC, its own) decides what is written.
/// </summary>
internal static class PlatformRedactionEditing
{
    /// <summary>
    /// What the fix needs at <paramref name="expression"/>: the name of an <c>IRedactorProvider</c>
    /// in scope, and the <c>HipaaTaxonomy</c> member of the value's classification; null when
    /// either is missing (no provider in scope, or a value that is not [Phi]/[Pii] itself).
    /// </summary>
    public static (string Provider, string Classification)? Plan(SemanticModel model, ExpressionSyntax expression, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var knownTypes = KnownTypes.For(model.Compilation);
        if (knownTypes.Get(TypeNames.IRedactorProvider) is not { } providerType || knownTypes.Get(TypeNames.HipaaTaxonomy) is null)
        {
            return null;
        }

        var symbol = model.GetSymbolInfo(expression, cancellationToken).Symbol;
        if (symbol is null || !ClassificationModel.For(model.Compilation, options).TryGetClassification(symbol, out var classification))
        {
            return null;
        }

        var member = classification.Kind switch
        {
            ClassificationKind.Phi => "Phi",
            ClassificationKind.Pii => "Pii",
            _ => null,
        };
        return member is not null && FindProvider(model, expression.SpanStart, providerType) is { } provider
            ? (provider, member)
            : null;
    }

    /// <summary>Replaces <paramref name="expression"/> with the redacted value, importing Compliance.Runtime when needed.</summary>
    public static Task<Document> WrapAsync(Document document, ExpressionSyntax expression, string provider, string classification, CancellationToken cancellationToken)
    {
        var redactor = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(provider), SyntaxFactory.IdentifierName("GetRedactor")),
            Arguments(ExpressionFactory.StaticMember(TypeNames.HipaaTaxonomy, classification)));
        var redacted = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, redactor, SyntaxFactory.IdentifierName("Redact")),
                Arguments(expression.WithoutTrivia()))
            .WithTriviaFrom(expression);
        return DocumentCleanup.ReplaceAsync(document, expression, redacted, cancellationToken);
    }

    private static ArgumentListSyntax Arguments(ExpressionSyntax argument)
        => SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument)));

    /// <summary>A local, parameter, field or property of the provider type that the simple name reaches at <paramref name="position"/>.</summary>
    private static string? FindProvider(SemanticModel model, int position, INamedTypeSymbol providerType)
    {
        var enclosing = model.GetEnclosingSymbol(position);
        while (enclosing is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } nested)
        {
            enclosing = nested.ContainingSymbol;
        }

        var staticContext = enclosing?.IsStatic ?? true;
        string? member = null;
        foreach (var symbol in model.LookupSymbols(position))
        {
            var type = symbol switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter => parameter.Type,
                IFieldSymbol field when field.IsStatic || !staticContext => field.Type,
                IPropertySymbol { IsIndexer: false } property when property.IsStatic || !staticContext => property.Type,
                _ => null,
            };
            if (type is null || !SymbolEqualityComparer.Default.Equals(type, providerType))
            {
                continue;
            }

            // Locals and parameters are the closest: the provider this code was given.
            if (symbol is ILocalSymbol or IParameterSymbol)
            {
                return symbol.Name;
            }

            member ??= symbol.Name;
        }

        return member;
    }
}
