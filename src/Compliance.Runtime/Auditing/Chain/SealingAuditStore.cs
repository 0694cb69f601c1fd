using Compliance.Runtime.Auditing.Infrastructure;

namespace Compliance.Runtime.Auditing.Chain;

/// <summary>
/// The sealing stage between the writer and a store. The writer chains and HMAC-seals records and
/// produces checkpoints; this stage (1) chains every checkpoint to the one before it and seals it in
/// that format, and (2) with an asymmetric seal key, replaces each record's HMAC seal by a signature,
/// so the stored trail carries only seals a public key verifies. The records' bytes and chain hashes
/// pass through unchanged.
/// </summary>
internal class SealingAuditStore : IAuditStore, IDisposable
{
    private readonly AuditSealer _sealer;
    private byte[]? _previousCheckpoint;

    public SealingAuditStore(IAuditStore inner, AuditSealer sealer)
    {
        Inner = inner;
        _sealer = sealer;
    }

    public IAuditStore Inner { get; }

    public async ValueTask<AuditChainHead> OpenAsync(string newStreamId, CancellationToken cancellationToken)
    {
        var head = await Inner.OpenAsync(newStreamId, cancellationToken).ConfigureAwait(false);
        var last = Inner is IAuditCheckpointSource source ? await source.ReadLastCheckpointAsync(cancellationToken).ConfigureAwait(false) : null;
        _previousCheckpoint = last is null ? new byte[AuditChain.HashSize] : AuditChain.CheckpointDigest(last);
        return head;
    }

    public ValueTask AppendAsync(IReadOnlyList<SealedAuditRecord> records, CancellationToken cancellationToken) =>
        Inner.AppendAsync(Sign(records), cancellationToken);

    public virtual async ValueTask WriteCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var chained = Chain(checkpoint, _previousCheckpoint ?? new byte[AuditChain.HashSize]);
        await Inner.WriteCheckpointAsync(chained, cancellationToken).ConfigureAwait(false);
        _previousCheckpoint = AuditChain.CheckpointDigest(chained);
    }

    /// <summary>With an asymmetric seal key, replaces each record's HMAC seal by a signature; otherwise returns the records as they are.</summary>
    protected IReadOnlyList<SealedAuditRecord> Sign(IReadOnlyList<SealedAuditRecord> records)
    {
        if (_sealer.IsHmac)
        {
            return records;
        }

        var signed = new SealedAuditRecord[records.Count];
        for (var i = 0; i < signed.Length; i++)
        {
            var record = records[i];
            signed[i] = record with { SealKeyId = _sealer.KeyId, Seal = _sealer.Seal(record.Hash) };
        }

        return signed;
    }

    /// <summary>Chains <paramref name="checkpoint"/> to the checkpoint whose digest is <paramref name="previous"/> and seals it in that format.</summary>
    protected AuditCheckpoint Chain(AuditCheckpoint checkpoint, byte[] previous)
    {
        // Whole milliseconds: the resolution every store keeps, so the sealed time reads back exactly.
        var createdAt = DateTimeOffset.FromUnixTimeMilliseconds(checkpoint.CreatedAt.ToUnixTimeMilliseconds());
        var input = AuditChain.ChainedCheckpointInput(checkpoint.StreamId, checkpoint.Sequence, checkpoint.Hash, previous, createdAt);
        return checkpoint with { CreatedAt = createdAt, Previous = previous, SealKeyId = _sealer.KeyId, Seal = _sealer.Seal(input) };
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            (Inner as IDisposable)?.Dispose();
        }
    }
}

/// <summary>
/// The sealing stage over a store that several instances append to: records are signed inside the
/// store's lock, and each checkpoint is chained to the checkpoint the store holds at that moment
/// (whichever instance wrote it) and skipped when a later one already covers it.
/// </summary>
internal sealed class SharedSealingAuditStore(ISharedAuditStore inner, AuditSealer sealer) : SealingAuditStore(inner, sealer), ISharedAuditStore
{
    private readonly ISharedAuditStore _shared = inner;

    public ValueTask<AuditChainHead> AppendAsync(string newStreamId, Func<AuditChainHead, IReadOnlyList<SealedAuditRecord>> buildRecords, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buildRecords);
        return _shared.AppendAsync(newStreamId, head => Sign(buildRecords(head)), cancellationToken);
    }

    public override ValueTask WriteCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken) =>
        WriteCheckpointAsync(last => last is not null && last.Sequence >= checkpoint.Sequence
            ? null
            : Chain(checkpoint, last is null ? new byte[AuditChain.HashSize] : AuditChain.CheckpointDigest(last)), cancellationToken);

    public ValueTask WriteCheckpointAsync(Func<AuditCheckpoint?, AuditCheckpoint?> buildCheckpoint, CancellationToken cancellationToken) =>
        _shared.WriteCheckpointAsync(buildCheckpoint, cancellationToken);
}
