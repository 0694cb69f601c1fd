using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// Type tests shared by the analyzers. They differ in three ways that matter to callers, and the
/// names say which: whether the type itself counts or only its base types, whether constructed
/// generics are compared by their definition, and whether interfaces are considered.
/// </summary>
internal static class TypeSymbolExtensions
{
    /// <summary>
    /// True when <paramref name="type"/> or one of its base classes is <paramref name="baseType"/>,
    /// compared as is: a constructed generic matches only the same construction.
    /// </summary>
    public static bool InheritsFromOrEquals(this ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when one of the base classes of <paramref name="type"/>, not the type itself, is
    /// <paramref name="baseType"/>, compared as is.
    /// </summary>
    public static bool InheritsFrom(this ITypeSymbol? type, INamedTypeSymbol? baseType)
        => type?.BaseType.InheritsFromOrEquals(baseType) == true;

    /// <summary>
    /// True when <paramref name="type"/> or one of its base classes, with type arguments erased
    /// (its original definition), is <paramref name="definition"/>: <c>List&lt;int&gt;</c> matches <c>List&lt;T&gt;</c>.
    /// </summary>
    public static bool InheritsFromOrEqualsDefinition(this ITypeSymbol? type, INamedTypeSymbol? definition)
    {
        if (definition is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, definition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="type"/> itself or one of the interfaces it implements, with type
    /// arguments erased, is <paramref name="definition"/>. Base classes other than the type itself
    /// are not considered, so this suits interfaces (and exact class matches).
    /// </summary>
    public static bool IsOrImplementsDefinition(this ITypeSymbol? type, INamedTypeSymbol? definition)
    {
        if (type is null || definition is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, definition))
        {
            return true;
        }

        if (definition.TypeKind != TypeKind.Interface)
        {
            // Only an interface can be implemented; asking for every interface of the type costs a list.
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, definition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="type"/> or one of its base classes has the simple name
    /// <paramref name="name"/> in namespace <paramref name="containingNamespace"/>, for types matched
    /// by name rather than by a resolved symbol. Containing types and type arguments are ignored.
    /// </summary>
    public static bool InheritsFromOrEqualsByName(this ITypeSymbol? type, string containingNamespace, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == name && current.ContainingNamespace.IsNamespace(containingNamespace))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="type"/> or one of its base classes is the top-level type
    /// <paramref name="fullName"/> (<see cref="NamespaceSymbolExtensions.HasFullName"/>), for a type that could not be resolved to a symbol.
    /// </summary>
    public static bool InheritsFromOrEqualsByFullName(this ITypeSymbol? type, string fullName)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current.HasFullName(fullName))
            {
                return true;
            }
        }

        return false;
    }
}
