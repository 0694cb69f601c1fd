namespace Compliance.Runtime.Auditing.Infrastructure;

/// <summary>
/// Reads the last stored checkpoint, so the sealing step can chain the next checkpoint to it across
/// restarts. Every store of this project implements it; a store without it gets its checkpoints
/// chained from the first one written in each run.
/// </summary>
public interface IAuditCheckpointSource
{
    /// <summary>The newest checkpoint in the store, or null when it holds none.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checkpoint as stored.</returns>
    ValueTask<AuditCheckpoint?> ReadLastCheckpointAsync(CancellationToken cancellationToken);
}
