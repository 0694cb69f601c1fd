using Compliance.Runtime.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.EntityFrameworkCore;

/// <summary>
/// Keeps the wrapped data keys in the application's database, so every node shares one ring and
/// keys live (wrapped) next to the data, never on local disk. Each operation uses its own
/// context from a fresh service scope.
/// </summary>
/// <typeparam name="TContext">The application's context, implementing <see cref="IComplianceKeyStoreContext"/>.</typeparam>
internal sealed class EntityFrameworkDataKeyStore<TContext>(IServiceScopeFactory scopes) : IDataKeyStore
    where TContext : DbContext, IComplianceKeyStoreContext
{
    public async Task<IReadOnlyList<StoredDataKey>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var rows = await context.ComplianceDataKeys.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(static r => new StoredDataKey(checked((uint)r.KeyId), r.Purpose, r.State, r.CreatedAt, r.RetiredAt, r.RevokedAt, r.KeyEncryptionKeyId, r.WrappedKey, r.MetadataMac))];
    }

    public async Task AddAsync(StoredDataKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        context.ComplianceDataKeys.Add(new ComplianceDataKey
        {
            KeyId = key.KeyId,
            Purpose = key.Purpose,
            State = key.State,
            CreatedAt = key.CreatedAt,
            RetiredAt = key.RetiredAt,
            RevokedAt = key.RevokedAt,
            KeyEncryptionKeyId = key.KeyEncryptionKeyId,
            WrappedKey = key.WrappedKey,
            MetadataMac = key.MetadataMac,
        });
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException exception)
        {
            throw new InvalidOperationException($"Key {key.KeyId:x8} could not be added; key ids are never reused.", exception);
        }
    }

    public async Task UpdateStateAsync(StoredDataKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var row = await context.ComplianceDataKeys.SingleOrDefaultAsync(r => r.KeyId == key.KeyId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Key {key.KeyId:x8} does not exist.");
        row.State = key.State;
        row.RetiredAt = key.RetiredAt;
        row.RevokedAt = key.RevokedAt;
        row.MetadataMac = key.MetadataMac;
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}
