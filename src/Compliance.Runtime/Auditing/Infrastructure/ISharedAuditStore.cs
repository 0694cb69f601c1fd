namespace Compliance.Runtime.Auditing.Infrastructure;

/// <summary>
/// A store that several application instances append to at once (a database behind a load
/// balancer). Each instance's writer learns the chain's head only under the store's exclusive lock
/// on the chain, so the records it builds always continue what is stored, whoever wrote it. The
/// writer uses these methods instead of <see cref="IAuditStore.AppendAsync"/> and
/// <see cref="IAuditStore.WriteCheckpointAsync"/> when its store implements this interface.
/// </summary>
public interface ISharedAuditStore : IAuditStore
{
    /// <summary>
    /// Takes the chain's exclusive lock, reads the head as stored (or <c>(newStreamId, 0, null)</c> for
    /// an empty chain), calls <paramref name="buildRecords"/> once with it, stores the records it returns
    /// in one transaction and commits durably (group commit). Nothing is stored when the build
    /// returns no record or anything fails.
    /// </summary>
    /// <param name="newStreamId">The stream id to start an empty chain with.</param>
    /// <param name="buildRecords">Builds the consecutive records continuing the given head; called under the lock.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The head after the append (the last stored record).</returns>
    ValueTask<AuditChainHead> AppendAsync(string newStreamId, Func<AuditChainHead, IReadOnlyList<SealedAuditRecord>> buildRecords, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the chain's exclusive lock, reads the last stored checkpoint, calls
    /// <paramref name="buildCheckpoint"/> with it and stores the checkpoint it returns (none when it returns null),
    /// so checkpoints written by different instances form one chain in increasing sequence order.
    /// </summary>
    /// <param name="buildCheckpoint">Builds the checkpoint that follows the stored one (null: nothing new to cover).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the checkpoint is durable.</returns>
    ValueTask WriteCheckpointAsync(Func<AuditCheckpoint?, AuditCheckpoint?> buildCheckpoint, CancellationToken cancellationToken);
}
