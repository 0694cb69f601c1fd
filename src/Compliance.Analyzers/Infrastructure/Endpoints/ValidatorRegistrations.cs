using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>
/// FluentValidation-style validators of the compilation: the types a class deriving from
/// <c>FluentValidation.AbstractValidator&lt;T&gt;</c> validates, and whether validators are put to
/// work (<c>AddValidatorsFromAssembly*</c>, <c>AddFluentValidationAutoValidation</c>,
/// <c>AddFluentValidation</c>, or an <c>IValidator&lt;T&gt;</c> registered by hand).
/// </summary>
/// <remarks>
/// Validators live in their own files, far from the endpoints that bind what they validate, so
/// this is a whole-program fact, computed once per compilation the first time an endpoint's input
/// is judged. Only files that mention a validator or a registration are walked, and only class
/// declarations with a base list and the registration calls in them are bound. Registrations are
/// recognised by name so that they still count when the package is not restored yet.
/// </remarks>
internal sealed class ValidatorRegistrations
{
    private static readonly string[] FileWords = { "AbstractValidator", "AddValidatorsFrom", "AddFluentValidation", "IValidator<" };

    private readonly ImmutableHashSet<ITypeSymbol> validatedTypes;
    private readonly bool registered;

    private ValidatorRegistrations(ImmutableHashSet<ITypeSymbol> validatedTypes, bool registered)
    {
        this.validatedTypes = validatedTypes;
        this.registered = registered;
    }

    /// <summary>True when a registered validator validates <paramref name="type"/>.</summary>
    public bool Validates(ITypeSymbol type) => registered && validatedTypes.Contains(type);

    public static ValidatorRegistrations Compute(Compilation compilation, Func<SyntaxTree, SemanticModel> modelFor)
    {
        var types = ImmutableHashSet.CreateBuilder<ITypeSymbol>(SymbolEqualityComparer.Default);
        var registered = false;
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!SourceTextSearch.MentionsAny(tree, FileWords))
            {
                continue;
            }

            SemanticModel? model = null;
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                switch (node)
                {
                    case ClassDeclarationSyntax { BaseList: not null } declaration:
                        model ??= modelFor(tree);
                        if (model.GetDeclaredSymbol(declaration) is INamedTypeSymbol declared && ValidatedType(declared) is { } validated)
                        {
                            types.Add(validated);
                        }

                        break;
                    case InvocationExpressionSyntax invocation when !registered && IsRegistration(invocation):
                        model ??= modelFor(tree);
                        registered = model.GetOperation(invocation) is not { } operation || !DevelopmentEnvironment.IsInDevelopmentOnlyBranch(operation);
                        break;
                }
            }
        }

        return new ValidatorRegistrations(types.ToImmutable(), registered);
    }

    /// <summary>The <c>T</c> of the nearest <c>FluentValidation.AbstractValidator&lt;T&gt;</c> base, so validators deriving from an application's own base class count too.</summary>
    private static ITypeSymbol? ValidatedType(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current is { Name: "AbstractValidator", Arity: 1 } && current.ContainingNamespace?.ToDisplayString() == "FluentValidation")
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
