using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// Per-compilation cache of the framework and runtime types the rules look for. Every type is
/// resolved at most once per compilation, on first use, and the instance is shared by all
/// analyzers of the package (keyed weakly on the compilation so it dies with it).
/// </summary>
public sealed class KnownTypes
{
    private static readonly ConditionalWeakTable<Compilation, KnownTypes> Cache = new();
    private static readonly ConditionalWeakTable<Compilation, KnownTypes>.CreateValueCallback Create = static c => new KnownTypes(c);

    private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _types = new(StringComparer.Ordinal);
    private readonly Func<string, INamedTypeSymbol?> _resolve;

    private KnownTypes(Compilation compilation)
    {
        Compilation = compilation;
        _resolve = ResolveBest;
    }

    public Compilation Compilation { get; }

    public static KnownTypes For(Compilation compilation) => Cache.GetValue(compilation, Create);

    /// <summary>The type with this metadata name, or null when the compilation does not reference it.</summary>
    public INamedTypeSymbol? Get(string metadataName) => _types.GetOrAdd(metadataName, _resolve);

    /// <summary>True when the compilation references ASP.NET Core's HTTP abstractions.</summary>
    public bool HasAspNetCore => Get(TypeNames.HttpContext) is not null;

    /// <summary>
    /// Like <see cref="Compilation.GetTypeByMetadataName"/>, but when a name is defined in more
    /// than one referenced assembly it prefers the compilation's own definition, then a single
    /// accessible one, instead of giving up.
    /// </summary>
    private INamedTypeSymbol? ResolveBest(string metadataName)
    {
        // The one lookup by metadata name the analyzers make (BannedSymbols.txt bans it everywhere else).
#pragma warning disable RS0030
        var direct = Compilation.GetTypeByMetadataName(metadataName);
#pragma warning restore RS0030
        if (direct is not null)
        {
            return direct;
        }

        INamedTypeSymbol? best = null;
        foreach (var candidate in Compilation.GetTypesByMetadataName(metadataName))
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, Compilation.Assembly))
            {
                return candidate;
            }

            if (!Compilation.IsSymbolAccessibleWithin(candidate, Compilation.Assembly))
            {
                continue;
            }

            if (best is not null)
            {
                // Two accessible, external definitions: the name is genuinely ambiguous.
                return null;
            }

            best = candidate;
        }

        return best;
    }
}
