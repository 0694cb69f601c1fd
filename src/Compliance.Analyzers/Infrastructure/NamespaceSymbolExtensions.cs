using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// Namespace tests by dotted name. They compare the namespace chain segment by segment from the
/// innermost outwards, so no display string is built: these run for every call and type the
/// rules look at, and <see cref="ISymbol.ToDisplayString"/> allocates a new string each time.
/// </summary>
internal static class NamespaceSymbolExtensions
{
    /// <summary>True when <paramref name="ns"/> is exactly <paramref name="fullName"/> (<c>"System.Linq"</c>; the empty string is the global namespace).</summary>
    public static bool IsNamespace(this INamespaceSymbol? ns, string fullName) => IsNamespace(ns, fullName, fullName.Length);

    /// <summary>
    /// True when <paramref name="type"/> is the top-level type <paramref name="fullName"/>, in the
    /// form <see cref="TypeNames"/> uses (<c>Namespace.Name`1</c>); nested types never match.
    /// </summary>
    public static bool HasFullName(this INamedTypeSymbol type, string fullName)
    {
        var name = type.MetadataName;
        if (type.ContainingType is not null || !fullName.EndsWith(name, StringComparison.Ordinal))
        {
            return false;
        }

        var namespaceLength = fullName.Length - name.Length - 1;
        return namespaceLength < 0
            ? type.ContainingNamespace is { IsGlobalNamespace: true }
            : fullName[namespaceLength] == '.' && IsNamespace(type.ContainingNamespace, fullName, namespaceLength);
    }

    /// <summary>
    /// <paramref name="type"/>'s namespace and metadata name (<c>Namespace.Name`1</c>), the form
    /// <see cref="TypeNames"/> and the options use; containing types are left out.
    /// </summary>
    public static string FullName(this INamedTypeSymbol type)
        => type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;

    /// <summary>Whether <paramref name="ns"/> is the first <paramref name="length"/> characters of <paramref name="fullName"/>.</summary>
    private static bool IsNamespace(INamespaceSymbol? ns, string fullName, int length)
    {
        if (ns is null)
        {
            return false;
        }

        var end = length;
        while (!ns.IsGlobalNamespace)
        {
            if (end <= 0)
            {
                // The name is used up but the namespace goes on outwards.
                return false;
            }

            var start = fullName.LastIndexOf('.', end - 1) + 1;
            var segment = ns.Name;
            if (segment.Length != end - start || string.CompareOrdinal(fullName, start, segment, 0, segment.Length) != 0)
            {
                return false;
            }

            // Step over the dot; at the first segment this goes to -1, which only the global namespace accepts.
            end = start - 1;
            ns = ns.ContainingNamespace;
            if (ns is null)
            {
                return false;
            }
        }

        return end == length ? length == 0 : end == -1;
    }

    /// <summary>
    /// True when <paramref name="ns"/> is <paramref name="fullName"/> or nested in it, whole
    /// segments only: <c>System.Collections.Generic</c> is within <c>System.Collections</c>, <c>SystemX</c> is not within <c>System</c>.
    /// </summary>
    public static bool IsWithinNamespace(this INamespaceSymbol? ns, string fullName)
    {
        if (ns is null)
        {
            return false;
        }

        var wanted = 1;
        foreach (var character in fullName)
        {
            if (character == '.')
            {
                wanted++;
            }
        }

        var depth = 0;
        for (var current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            depth++;
        }

        for (; depth > wanted; depth--)
        {
            ns = ns!.ContainingNamespace;
        }

        return depth == wanted && IsNamespace(ns, fullName, fullName.Length);
    }
}
