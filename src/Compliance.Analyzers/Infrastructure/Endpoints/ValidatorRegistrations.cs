using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>
/// FluentValidation-style validators of the compilation: the types a class deriving from
/// <c>FluentValidation.AbstractValidator&lt;T&gt;</c> validates, and whether validators are put to
/// work (<c>AddValidatorsFromAssembly*</c>, <c>AddFluentValidationAutoValidation</c>,
/// <c>AddFluentValidation</c>, or an <c>IValidator&lt;T&gt;</c> registered by hand).
/// </summary>
/// <remarks>
/// Validators live in their own files, far from the endpoints that bind what they validate, so
/// this is a whole-program fact, gathered by the configuration scan (<see cref="ApplicationConfiguration"/>,
/// <see cref="ValidatorRegistrationAccumulator"/>).
/// </remarks>
internal sealed class ValidatorRegistrations
{
    private readonly ImmutableHashSet<ITypeSymbol> _validatedTypes;
    private readonly bool _registered;

    internal ValidatorRegistrations(ImmutableHashSet<ITypeSymbol> validatedTypes, bool registered)
    {
        _validatedTypes = validatedTypes;
        _registered = registered;
    }

    /// <summary>True when a registered validator validates <paramref name="type"/>.</summary>
    public bool Validates(ITypeSymbol type) => _registered && _validatedTypes.Contains(type);
}
