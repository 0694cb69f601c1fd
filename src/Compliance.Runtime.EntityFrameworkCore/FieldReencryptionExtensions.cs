using Compliance.Runtime.Encryption;
using Compliance.Runtime.EntityFrameworkCore;
using Compliance.Runtime.Mfa;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Microsoft.EntityFrameworkCore;

/// <summary>The outcome of a re-encryption run.</summary>
/// <param name="RowsRead">Rows read.</param>
/// <param name="RowsRewritten">Rows written back under the active key.</param>
/// <param name="RevokedKeyValues">Values read under revoked keys (only with <c>allowRevokedKeys</c>).</param>
public sealed record ReencryptionReport(int RowsRead, int RowsRewritten, int RevokedKeyValues);

/// <summary>Moves encrypted columns to the active key after a rotation or revocation.</summary>
public static class FieldReencryptionExtensions
{
    /// <summary>
    /// Walks every <typeparamref name="TEntity"/> in key order, in batches, and writes back the rows
    /// with a value under a key other than the active one. Run it after <c>RotateAsync</c> (so
    /// retired keys can later be revoked) or, with <paramref name="allowRevokedKeys"/>, after an
    /// emergency revocation. Use a context dedicated to the job; its change tracker is cleared.
    /// </summary>
    /// <typeparam name="TEntity">The entity type with <c>[Encrypted]</c> properties.</typeparam>
    /// <param name="context">The context.</param>
    /// <param name="batchSize">Rows per batch and per transaction.</param>
    /// <param name="allowRevokedKeys">Whether values under revoked keys may be read to rescue them.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>What was done.</returns>
    public static async Task<ReencryptionReport> ReencryptAsync<TEntity>(this DbContext context, int batchSize = 500, bool allowRevokedKeys = false, CancellationToken cancellationToken = default)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var entityType = context.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not part of the model.");
        if (typeof(TEntity) == typeof(ComplianceMfaRecord))
        {
            // TOTP secrets are encrypted by the MFA service, bound to their user, not by a column
            // converter; without this branch the runbook skipped them and revoking the retired
            // key locked every enrolled user out.
            return await ReencryptMfaSecretsAsync(context, batchSize, allowRevokedKeys, cancellationToken).ConfigureAwait(false);
        }

        var encrypted = entityType.GetProperties().Where(static p => p.FindAnnotation(Annotations.EncryptionContext) is not null).Select(static p => p.Name).ToArray();
        var key = entityType.FindPrimaryKey()?.Properties ?? throw new InvalidOperationException($"{typeof(TEntity).Name} has no primary key.");
        if (encrypted.Length == 0)
        {
            return new ReencryptionReport(0, 0, 0);
        }

        using var scope = ReencryptionScope.Begin(allowRevokedKeys);
        int read = 0, rewritten = 0;
        while (true)
        {
            IQueryable<TEntity> query = context.Set<TEntity>().AsTracking();
            IOrderedQueryable<TEntity>? ordered = null;
            foreach (var property in key)
            {
                ordered = ordered is null
                    ? query.OrderBy(e => EF.Property<object>(e, property.Name))
                    : ordered.ThenBy(e => EF.Property<object>(e, property.Name));
            }

            var batch = 0;
            var pending = new List<TEntity>();
            await using (var rows = ordered!.Skip(read).Take(batchSize).AsAsyncEnumerable().GetAsyncEnumerator(cancellationToken))
            {
                scope.Reset();
                while (await rows.MoveNextAsync().ConfigureAwait(false))
                {
                    // Values are decrypted while the row is materialised, so the scope's count belongs to this row.
                    if (scope.PendingValues > 0)
                    {
                        pending.Add(rows.Current);
                    }

                    scope.Reset();
                    batch++;
                }
            }

            foreach (var entity in pending)
            {
                var entry = context.Entry(entity);
                foreach (var name in encrypted)
                {
                    entry.Property(name).IsModified = true;
                }
            }

            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            context.ChangeTracker.Clear();
            read += batch;
            rewritten += pending.Count;
            if (batch < batchSize)
            {
                return new ReencryptionReport(read, rewritten, scope.RevokedKeyReads);
            }
        }
    }

    private static async Task<ReencryptionReport> ReencryptMfaSecretsAsync(DbContext context, int batchSize, bool allowRevokedKeys, CancellationToken cancellationToken)
    {
        var extension = context.GetService<IDbContextOptions>().FindExtension<FieldEncryptionOptionsExtension>()
            ?? throw new InvalidOperationException("Re-encrypting MFA secrets needs a context configured with UseFieldEncryption().");
        var set = context.Set<ComplianceMfaRecord>();
        using var scope = ReencryptionScope.Begin(allowRevokedKeys);
        int read = 0, rewritten = 0;
        string? after = null;
        while (true)
        {
            var query = set.AsNoTracking();
            if (after is not null)
            {
                query = query.Where(r => string.Compare(r.UserId, after) > 0);
            }

            var batch = await query.OrderBy(r => r.UserId).Take(batchSize).Select(r => new { r.UserId, r.EncryptedSecret }).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in batch)
            {
                var moved = extension.Encryptor.Reencrypt(row.EncryptedSecret, MfaRecord.SecretContext(row.UserId, extension.Tenant), allowRevokedKeys);
                if (moved is null)
                {
                    continue;
                }

                // Compare-and-set: a secret replaced meanwhile (re-enrolment) is left alone.
                var expected = row.EncryptedSecret;
                rewritten += await set.Where(r => r.UserId == row.UserId && r.EncryptedSecret == expected)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.EncryptedSecret, moved), cancellationToken)
                    .ConfigureAwait(false);
            }

            read += batch.Count;
            if (batch.Count < batchSize)
            {
                return new ReencryptionReport(read, rewritten, scope.RevokedKeyReads);
            }

            after = batch[^1].UserId;
        }
    }
}
