using System.Collections.Concurrent;

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
public sealed record MfaRecord(string UserId, byte[] EncryptedSecret, bool Confirmed, long LastUsedStep, IReadOnlyList<string> RecoveryCodeHashes, DateTimeOffset CreatedAt);

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
