using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Compliance.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// Builds expressions that name framework types by their simple names, and remembers which
/// namespaces must be imported for those names to bind where the fix inserts them
/// (<see cref="DocumentCleanup.AddUsingsAsync"/> adds them).
/// </summary>
internal sealed class ExpressionFactory
{
    private readonly SemanticModel _model;
    private readonly int _position;
    private readonly HashSet<string> _requiredNamespaces = new(StringComparer.Ordinal);

    private ExpressionFactory(SemanticModel model, int position)
    {
        _model = model;
        _position = position;
    }

    public static ExpressionSyntax True => SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);

    /// <summary>The namespaces the generated names need that are not imported at the insertion point.</summary>
    public IReadOnlyCollection<string> RequiredNamespaces => _requiredNamespaces;

    /// <param name="position">Where the generated code goes; name lookups are made there.</param>
    public static async Task<ExpressionFactory?> CreateAsync(Document document, int position, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model is null ? null : new ExpressionFactory(model, position);
    }

    /// <summary><c>Type.Member</c>.</summary>
    public ExpressionSyntax EnumMember(string typeMetadataName, string member)
        => SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeName(typeMetadataName), SyntaxFactory.IdentifierName(member))
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>The type's simple name as text, for code built with <c>SyntaxFactory.ParseExpression</c>.</summary>
    public string TypeNameText(string typeMetadataName) => TypeName(typeMetadataName).ToString();

    /// <summary>The type's simple name; its namespace is recorded when the name does not bind there yet.</summary>
    public TypeSyntax TypeName(string typeMetadataName)
    {
        var type = _model.Compilation.GetTypeByMetadataName(typeMetadataName);
        if (type is null)
        {
            return SyntaxFactory.ParseTypeName("global::" + typeMetadataName);
        }

        var inScope = _model.LookupNamespacesAndTypes(_position, name: type.Name)
            .Any(symbol => SymbolEqualityComparer.Default.Equals(symbol, type));
        if (!inScope && type.ContainingNamespace is { IsGlobalNamespace: false } containing)
        {
            _requiredNamespaces.Add(containing.ToDisplayString());
        }

        return SyntaxFactory.IdentifierName(type.Name);
    }
}
