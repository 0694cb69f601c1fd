using Compliance.Runtime.Mfa;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.EntityFrameworkCore;

/// <summary>
/// Keeps MFA records in the application's database. The replay check and recovery codes are
/// compare-and-set updates (<c>UPDATE ... WHERE last_used_step = @expected</c>), so concurrent
/// requests with the same code cannot both succeed, on one node or many.
/// </summary>
/// <typeparam name="TContext">The application's context, implementing <see cref="IComplianceMfaContext"/>.</typeparam>
internal sealed class EntityFrameworkMfaStore<TContext>(IServiceScopeFactory scopes) : IMfaStore
    where TContext : DbContext, IComplianceMfaContext
{
    private const int MaxConsumeAttempts = 4;

    public async Task<MfaRecord?> FindAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var row = await Context(scope).ComplianceMfaRecords.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == userId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : new MfaRecord(row.UserId, row.EncryptedSecret, row.Confirmed, row.LastUsedStep, Split(row.RecoveryCodeHashes), row.CreatedAt);
    }

    public async Task SaveAsync(MfaRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var scope = scopes.CreateAsyncScope();
        var context = Context(scope);
        var row = await context.ComplianceMfaRecords.SingleOrDefaultAsync(r => r.UserId == record.UserId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = new ComplianceMfaRecord { UserId = record.UserId };
            context.ComplianceMfaRecords.Add(row);
        }

        row.EncryptedSecret = record.EncryptedSecret;
        row.Confirmed = record.Confirmed;
        row.LastUsedStep = record.LastUsedStep;
        row.RecoveryCodeHashes = string.Join(' ', record.RecoveryCodeHashes);
        row.CreatedAt = record.CreatedAt;
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TryAdvanceLastUsedStepAsync(string userId, long expectedStep, long newStep, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var updated = await Context(scope).ComplianceMfaRecords
            .Where(r => r.UserId == userId && r.LastUsedStep == expectedStep)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastUsedStep, newStep), cancellationToken)
            .ConfigureAwait(false);
        return updated == 1;
    }

    public async Task<bool> TryConsumeRecoveryCodeAsync(string userId, string codeHash, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var set = Context(scope).ComplianceMfaRecords;
        for (var attempt = 0; attempt < MaxConsumeAttempts; attempt++)
        {
            var current = await set.AsNoTracking().Where(r => r.UserId == userId).Select(r => r.RecoveryCodeHashes).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            var hashes = current is null ? [] : Split(current);
            if (!hashes.Contains(codeHash, StringComparer.Ordinal))
            {
                return false;
            }

            var remaining = string.Join(' ', hashes.Where(h => !string.Equals(h, codeHash, StringComparison.Ordinal)));
            var updated = await set.Where(r => r.UserId == userId && r.RecoveryCodeHashes == current)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.RecoveryCodeHashes, remaining), cancellationToken)
                .ConfigureAwait(false);
            if (updated == 1)
            {
                return true;
            }
        }

        return false;
    }

    public async Task DeleteAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        await Context(scope).ComplianceMfaRecords.Where(r => r.UserId == userId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<MfaRecord> GetAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        await foreach (var row in Context(scope).ComplianceMfaRecords.AsNoTracking().OrderBy(r => r.UserId).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return new MfaRecord(row.UserId, row.EncryptedSecret, row.Confirmed, row.LastUsedStep, Split(row.RecoveryCodeHashes), row.CreatedAt);
        }
    }

    public async Task<bool> TryReplaceSecretAsync(string userId, byte[] expected, byte[] replacement, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var updated = await Context(scope).ComplianceMfaRecords
            .Where(r => r.UserId == userId && r.EncryptedSecret == expected)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.EncryptedSecret, replacement), cancellationToken)
            .ConfigureAwait(false);
        return updated == 1;
    }

    private static TContext Context(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<TContext>();

    private static string[] Split(string hashes) => hashes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
