using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>
/// The configuration scan's part for <see cref="ValidatorRegistrations"/>: only files that
/// mention a validator or a registration are walked, and only class declarations with a base list
/// and the registration calls in them are bound. Registrations are recognised by name so that they
/// still count when the package is not restored yet.
/// </summary>
internal sealed class ValidatorRegistrationAccumulator : IConfigurationAccumulator
{
    private static readonly string[] FileWords = { "AbstractValidator", "AddValidatorsFrom", "AddFluentValidation", "IValidator<" };

    private readonly ImmutableHashSet<ITypeSymbol>.Builder _types = ImmutableHashSet.CreateBuilder<ITypeSymbol>(SymbolEqualityComparer.Default);
    private bool _registered;

    public bool Wants(SyntaxTree tree, string text) => SourceTextSearch.MentionsAny(text, FileWords);

    public void Visit(SyntaxNode node, ConfigurationFile file)
    {
        switch (node)
        {
            case ClassDeclarationSyntax { BaseList: not null } declaration:
                if (file.Model.GetDeclaredSymbol(declaration) is INamedTypeSymbol declared && ValidatedType(declared) is { } validated)
                {
                    _types.Add(validated);
                }

                break;
            case InvocationExpressionSyntax invocation when !_registered && IsRegistration(invocation):
                _registered = file.Model.GetOperation(invocation) is not { } operation || !DevelopmentEnvironment.IsInDevelopmentOnlyBranch(operation);
                break;
        }
    }

    public ValidatorRegistrations ToRegistrations() => new(_types.ToImmutable(), _registered);

    /// <summary>The <c>T</c> of the nearest <c>FluentValidation.AbstractValidator&lt;T&gt;</c> base, so validators deriving from an application's own base class count too.</summary>
    private static ITypeSymbol? ValidatedType(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current is { Name: "AbstractValidator", Arity: 1 } && current.ContainingNamespace.IsNamespace("FluentValidation"))
            {
                return current.TypeArguments[0];
            }
        }

        return null;
    }

    private static bool IsRegistration(InvocationExpressionSyntax invocation)
    {
        SimpleNameSyntax? name = invocation.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };
        if (name is null)
        {
            return false;
        }

        var text = name.Identifier.ValueText;
        if (text.StartsWith("AddValidatorsFrom", StringComparison.Ordinal) || text.StartsWith("AddFluentValidation", StringComparison.Ordinal))
        {
            return true;
        }

        // services.AddScoped<IValidator<Patient>, PatientValidator>() and its siblings.
        if (name is GenericNameSyntax generic && text.StartsWith("Add", StringComparison.Ordinal))
        {
            foreach (var argument in generic.TypeArgumentList.Arguments)
            {
                if (argument is GenericNameSyntax { Identifier.ValueText: "IValidator" } or QualifiedNameSyntax { Right: GenericNameSyntax { Identifier.ValueText: "IValidator" } })
                {
                    return true;
                }
            }
        }

        return false;
    }
}
