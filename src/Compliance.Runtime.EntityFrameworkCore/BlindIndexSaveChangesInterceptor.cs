using Compliance.Runtime.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Compliance.Runtime.EntityFrameworkCore;

/// <summary>Computes blind-index columns from their source values just before they are saved.</summary>
internal sealed class BlindIndexSaveChangesInterceptor(IBlindIndexer indexer) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        UpdateIndexes(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        UpdateIndexes(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void UpdateIndexes(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var index in entry.Metadata.GetProperties())
            {
                if (index.FindAnnotation(Annotations.BlindIndexDefinition)?.Value is not BlindIndexDefinition definition)
                {
                    continue;
                }

                var source = entry.Property((string)index.FindAnnotation(Annotations.BlindIndexSource)!.Value!);
                if (entry.State == EntityState.Modified && !source.IsModified)
                {
                    continue;
                }

                entry.Property(index.Name).CurrentValue = source.CurrentValue is string value ? indexer.Compute(value, definition) : null;
            }
        }
    }
}
