using System.Collections.Concurrent;
using Compliance.Runtime.Encryption;

namespace Compliance.Runtime.Mfa;

/// <summary>
/// A user's second factor as stored: the TOTP secret only as a field-encryption envelope, the last
/// accepted time step (replay protection) and hashes of the unused recovery codes.
/// </summary>
/// <param name="UserId">The user's stable id.</param>
/// <param name="EncryptedSecret">The secret, encrypted by <c>IFieldEncryptor</c> and bound to the user.</param>
/// <param name="Confirmed">Whether the user proved possession with a first code.</param>
/// <param name="LastUsedStep">The last time step accepted; codes of this step or earlier are refused.</param>
/// <param name="RecoveryCodeHashes">Hashes of the unused recovery codes.</param>
/// <param name="CreatedAt">When the secret was generated.</param>
public sealed record MfaRecord(string UserId, byte[] EncryptedSecret, bool Confirmed, long LastUsedStep, IReadOnlyList<string> RecoveryCodeHashes, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// The encryption context of a user's TOTP secret: table <c>compliance_mfa</c>, column
    /// <c>totp_secret</c>, bound to the user (a secret copied to another user does not decrypt).
    /// Re-encryption jobs outside <see cref="ITotpService.ReencryptSecretsAsync"/> need it.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="tenant">The tenant of <c>FieldEncryptionOptions.Tenant</c>, or null.</param>
    /// <returns>The context.</returns>
    public static EncryptionContext SecretContext(string userId, string? tenant) => new("compliance_mfa", "totp_secret", tenant, userId);
}

/// <summary>The outcome of re-encrypting TOTP secrets.</summary>
/// <param name="RowsRead">Records read.</param>
/// <param name="RowsRewritten">Secrets written back under the active key.</param>
/// <param name="RevokedKeyValues">Secrets read under revoked keys (only with <c>allowRevokedKeys</c>).</param>
public sealed record MfaReencryptionReport(int RowsRead, int RowsRewritten, int RevokedKeyValues);

/// <summary>Persists <see cref="MfaRecord"/>s. Implementations must make the two <c>Try</c> methods atomic (compare-and-set).</summary>
public interface IMfaStore
{
    /// <summary>Finds a user's record.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, or null.</returns>
    Task<MfaRecord?> FindAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a user's record.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the record is stored.</returns>
    Task SaveAsync(MfaRecord record, CancellationToken cancellationToken = default);

    /// <summary>Sets the last used step to <paramref name="newStep"/> only if it still is <paramref name="expectedStep"/>.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="expectedStep">The value read before verifying.</param>
    /// <param name="newStep">The step of the accepted code.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>False when another request changed it first (the caller re-reads and re-checks).</returns>
    Task<bool> TryAdvanceLastUsedStepAsync(string userId, long expectedStep, long newStep, CancellationToken cancellationToken = default);

    /// <summary>Removes one recovery code hash if present.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="codeHash">The hash of the presented code.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when the code existed and is now used up.</returns>
    Task<bool> TryConsumeRecoveryCodeAsync(string userId, string codeHash, CancellationToken cancellationToken = default);

    /// <summary>Deletes a user's record.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the record is gone.</returns>
    Task DeleteAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads every record, for re-encryption after a key rotation and for the key-usage health
    /// check. Stores that cannot enumerate cannot take part in key rotation: implement it.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Every record, in any order.</returns>
    IAsyncEnumerable<MfaRecord> GetAllAsync(CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} cannot enumerate its records, so TOTP secrets cannot be re-encrypted after a key rotation. Implement IMfaStore.GetAllAsync and TryReplaceSecretAsync.");

    /// <summary>Replaces the encrypted secret only if it still is <paramref name="expected"/> (compare-and-set).</summary>
    /// <param name="userId">The user.</param>
    /// <param name="expected">The envelope read before re-encrypting.</param>
    /// <param name="replacement">The same secret under the active key.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>False when the record changed meanwhile (re-enrolment, removal).</returns>
    Task<bool> TryReplaceSecretAsync(string userId, byte[] expected, byte[] replacement, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} cannot replace secrets, so TOTP secrets cannot be re-encrypted after a key rotation. Implement IMfaStore.GetAllAsync and TryReplaceSecretAsync.");
}

/// <summary>Keeps MFA records in memory: for tests and single-instance demos (enrolments are lost on restart).</summary>
public sealed class InMemoryMfaStore : IMfaStore
{
    private readonly ConcurrentDictionary<string, MfaRecord> _records = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<MfaRecord?> FindAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_records.TryGetValue(userId, out var record) ? record : null);

    /// <inheritdoc />
    public Task SaveAsync(MfaRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        _records[record.UserId] = record;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> TryAdvanceLastUsedStepAsync(string userId, long expectedStep, long newStep, CancellationToken cancellationToken = default) =>
        Task.FromResult(TryUpdate(userId, r => r.LastUsedStep == expectedStep ? r with { LastUsedStep = newStep } : null));

    /// <inheritdoc />
    public Task<bool> TryConsumeRecoveryCodeAsync(string userId, string codeHash, CancellationToken cancellationToken = default) =>
        Task.FromResult(TryUpdate(userId, r => r.RecoveryCodeHashes.Contains(codeHash, StringComparer.Ordinal)
            ? r with { RecoveryCodeHashes = [.. r.RecoveryCodeHashes.Where(h => !string.Equals(h, codeHash, StringComparison.Ordinal))] }
            : null));

    /// <inheritdoc />
    public Task DeleteAsync(string userId, CancellationToken cancellationToken = default)
    {
        _records.TryRemove(userId, out _);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<MfaRecord> GetAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var record in _records.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> TryReplaceSecretAsync(string userId, byte[] expected, byte[] replacement, CancellationToken cancellationToken = default) =>
        Task.FromResult(TryUpdate(userId, r => r.EncryptedSecret.AsSpan().SequenceEqual(expected) ? r with { EncryptedSecret = replacement } : null));

    private bool TryUpdate(string userId, Func<MfaRecord, MfaRecord?> change)
    {
        while (_records.TryGetValue(userId, out var current))
        {
            var changed = change(current);
            if (changed is null)
            {
                return false;
            }

            if (_records.TryUpdate(userId, changed, current))
            {
                return true;
            }
        }

        return false;
    }
}
