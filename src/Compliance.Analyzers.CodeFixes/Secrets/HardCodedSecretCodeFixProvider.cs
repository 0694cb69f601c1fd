using System.Collections.Immutable;
using System.Composition;
using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Secrets;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Compliance.Analyzers.CodeFixes.Secrets;

/// <summary>
/// Fixes CMP1003 by reading the secret at run time: <c>configuration["Section:Key"]</c> when an
/// <c>IConfiguration</c> is in scope, otherwise <c>Environment.GetEnvironmentVariable("Section__Key")</c>
/// (the environment-variable form of the same configuration key); both throw a clear error when
/// the value is missing. A <c>const</c> holding the secret becomes <c>static readonly</c> (or a
/// plain local). No fix is offered where C# requires a constant.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HardCodedSecretCodeFixProvider)), Shared]
public sealed class HardCodedSecretCodeFixProvider : ComplianceCodeFixProvider
{
    public const string ReadFromConfigurationKey = RuleIds.HardCodedSecret + ".ReadFromConfiguration";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.HardCodedSecret);

    protected override async Task RegisterCodeFixesAsync(CodeFixContext context, SyntaxNode root)
    {
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindNode(root, diagnostic, getInnermostNodeForTie: true) is not ExpressionSyntax secret
                || !diagnostic.Properties.TryGetValue(HardCodedSecretAnalyzer.ConfigurationKeyProperty, out var key)
                || key is null
                || RequiresConstant(secret, model, context.CancellationToken))
            {
                continue;
            }

            var configuration = ConfigurationInScope(model, secret, context.CancellationToken);
            var title = configuration is null
                ? $"Read from the environment variable {EnvironmentName(key)}"
                : $"Read from configuration[\"{key}\"]";
            RegisterCodeFix(context, diagnostic, title, ct => FixAsync(context.Document, secret, key, configuration, ct), ReadFromConfigurationKey);
        }
    }

    private static string EnvironmentName(string key) => key.Replace(":", "__");

    private static async Task<Document> FixAsync(Document document, ExpressionSyntax secret, string key, string? configuration, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var exception = ExpressionFactory.Qualified("System.InvalidOperationException");
        var read = configuration is null
            ? $"{ExpressionFactory.Qualified("System.Environment")}.GetEnvironmentVariable({Literal(EnvironmentName(key))}) ?? throw new {exception}({Literal(EnvironmentName(key) + " is not set")})"
            : $"{configuration}[{Literal(key)}] ?? throw new {exception}({Literal(key + " is not configured")})";
        var replacement = ExpressionFactory.Annotate(SyntaxFactory.ParseExpression(read)).WithTriviaFrom(secret).WithAdditionalAnnotations(Formatter.Annotation);

        var declaration = secret.FirstAncestorOrSelf<VariableDeclaratorSyntax>()?.Parent?.Parent;
        var newRoot = declaration switch
        {
            FieldDeclarationSyntax field when field.Modifiers.Any(SyntaxKind.ConstKeyword) => root.ReplaceNode(field, WithoutConst(field.ReplaceNode(secret, replacement))),
            LocalDeclarationStatementSyntax local when local.IsConst => root.ReplaceNode(local, local.ReplaceNode(secret, replacement).WithModifiers(Remove(local.Modifiers, SyntaxKind.ConstKeyword))),
            _ => root.ReplaceNode(secret, replacement),
        };

        return await DocumentCleanup.FinishAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);
    }

    private static string Literal(string text) => SyntaxFactory.Literal(text).Text;

    /// <summary><c>const</c> becomes <c>static readonly</c>, in place.</summary>
    private static FieldDeclarationSyntax WithoutConst(FieldDeclarationSyntax field)
    {
        var modifiers = new List<SyntaxToken>();
        foreach (var modifier in field.Modifiers)
        {
            if (modifier.IsKind(SyntaxKind.ConstKeyword))
            {
                modifiers.Add(SyntaxFactory.Token(SyntaxKind.StaticKeyword).WithLeadingTrivia(modifier.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.Space));
                modifiers.Add(SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword).WithTrailingTrivia(modifier.TrailingTrivia));
            }
            else
            {
                modifiers.Add(modifier);
            }
        }

        return field.WithModifiers(SyntaxFactory.TokenList(modifiers));
    }

    private static SyntaxTokenList Remove(SyntaxTokenList modifiers, SyntaxKind kind)
    {
        var result = new List<SyntaxToken>();
        foreach (var modifier in modifiers)
        {
            if (!modifier.IsKind(kind))
            {
                result.Add(modifier);
            }
        }

        return SyntaxFactory.TokenList(result);
    }

    /// <summary>
    /// Places where only a constant compiles: parameter defaults, case labels, and a const whose
    /// name is used in another constant context (attributes, other constants, case labels) or is
    /// visible outside the file.
    /// </summary>
    private static bool RequiresConstant(ExpressionSyntax secret, SemanticModel model, CancellationToken cancellationToken)
    {
        if (secret.FirstAncestorOrSelf<ParameterSyntax>() is not null || secret.FirstAncestorOrSelf<SwitchLabelSyntax>() is not null)
        {
            return true;
        }

        if (secret.FirstAncestorOrSelf<VariableDeclaratorSyntax>() is not { } declarator
            || model.GetDeclaredSymbol(declarator, cancellationToken) is not { } symbol
            || symbol is not (IFieldSymbol { IsConst: true } or ILocalSymbol { IsConst: true }))
        {
            return false;
        }

        if (symbol is IFieldSymbol field && field.DeclaredAccessibility != Accessibility.Private)
        {
            return true;
        }

        var root = declarator.SyntaxTree.GetRoot(cancellationToken);
        foreach (var identifier in root.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText != symbol.Name
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, symbol))
            {
                continue;
            }

            if (identifier.FirstAncestorOrSelf<AttributeSyntax>() is not null
                || identifier.FirstAncestorOrSelf<SwitchLabelSyntax>() is not null
                || identifier.FirstAncestorOrSelf<ParameterSyntax>() is not null
                || identifier.FirstAncestorOrSelf<VariableDeclarationSyntax>()?.Parent is FieldDeclarationSyntax { Modifiers: var modifiers } && modifiers.Any(SyntaxKind.ConstKeyword)
                || identifier.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { IsConst: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An <c>IConfiguration</c> local, parameter, field or property usable at the secret's position.</summary>
    private static string? ConfigurationInScope(SemanticModel model, ExpressionSyntax secret, CancellationToken cancellationToken)
    {
        var configurationType = KnownTypes.For(model.Compilation).Get(TypeNames.IConfiguration);
        if (configurationType is null)
        {
            return null;
        }

        var inStaticContext = model.GetEnclosingSymbol(secret.SpanStart, cancellationToken) is { IsStatic: true }
            || secret.FirstAncestorOrSelf<FieldDeclarationSyntax>() is not null;
        foreach (var symbol in model.LookupSymbols(secret.SpanStart))
        {
            var type = symbol switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter => parameter.Type,
                IFieldSymbol field when field.IsStatic || !inStaticContext => field.Type,
                IPropertySymbol property when !property.IsIndexer && (property.IsStatic || !inStaticContext) => property.Type,
                _ => null,
            };

            if (type is not null
                && (SymbolEqualityComparer.Default.Equals(type, configurationType) || type.AllInterfaces.Contains(configurationType, SymbolEqualityComparer.Default))
                && !(symbol is ILocalSymbol && symbol.Locations.FirstOrDefault()?.SourceSpan.Start > secret.SpanStart))
            {
                return symbol.Name;
            }
        }

        return null;
    }
}
