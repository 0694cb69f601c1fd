using Compliance.Analyzers.Infrastructure.Classification;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.DataFlow;

/// <summary>An entity some context or configuration class persists, where, and what that class encrypts.</summary>
internal sealed class PersistedEntity
{
    private PersistedEntity(INamedTypeSymbol entity, string origin, PersistedEntities persisted)
    {
        Entity = entity;
        Origin = origin;
        Persisted = persisted;
    }

    public INamedTypeSymbol Entity { get; }

    /// <summary>Where it is persisted (<c>DbSet&lt;Patient&gt; on ClinicDb</c>).</summary>
    public string Origin { get; }

    /// <summary>Everything the persisting class persists and encrypts.</summary>
    public PersistedEntities Persisted { get; }

    /// <summary>
    /// Every entity persisted by the compilation's own context and configuration classes, in the
    /// order of their declarations (syntax tree, then position), so the entity a diagnostic names
    /// does not depend on the order in which the analyzer's actions run.
    /// </summary>
    public static IReadOnlyList<PersistedEntity> In(Compilation compilation, EntityModel model, CancellationToken cancellationToken)
    {
        var found = new List<PersistedEntity>();
        var treeOrder = new Dictionary<SyntaxTree, int>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            treeOrder[tree] = treeOrder.Count;
        }

        var declarations = compilation.GetSymbolsWithName(static _ => true, SymbolFilter.Type, cancellationToken)
            .OfType<INamedTypeSymbol>()
            .Where(static t => t.TypeKind == TypeKind.Class && t.Locations.Any(static l => l.IsInSource))
            .OrderBy(t => treeOrder.TryGetValue(t.Locations[0].SourceTree!, out var order) ? order : int.MaxValue)
            .ThenBy(static t => t.Locations[0].SourceSpan.Start);
        foreach (var type in declarations)
        {
            if (PersistedEntities.Discover(type, compilation, model, cancellationToken) is not { } persisted)
            {
                continue;
            }

            foreach (var entry in persisted.Entities.OrderBy(static e => e.Value, StringComparer.Ordinal))
            {
                found.Add(new PersistedEntity(entry.Key, entry.Value, persisted));
            }
        }

        return found;
    }
}
