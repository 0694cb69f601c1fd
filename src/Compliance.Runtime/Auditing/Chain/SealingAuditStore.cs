using Compliance.Runtime.Auditing.Infrastructure;

namespace Compliance.Runtime.Auditing.Chain;

/// <summary>
/// The sealing stage between the writer and a store. The writer chains and HMAC-seals records and
/// produces checkpoints; this stage (1) chains every checkpoint to the one before it and seals it in
/// that format, and (2) with an asymmetric seal key, replaces each record's HMAC seal by a signature,
/// so the stored trail carries only seals a public key verifies. The records' bytes and chain hashes
/// pass through unchanged.
/// </summary>
internal sealed class SealingAuditStore : IAuditStore, IDisposable
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

    public ValueTask AppendAsync(IReadOnlyList<SealedAuditRecord> records, CancellationToken cancellationToken)
    {
        if (_sealer.IsHmac)
        {
            return Inner.AppendAsync(records, cancellationToken);
        }

        var signed = new SealedAuditRecord[records.Count];
        for (var i = 0; i < signed.Length; i++)
        {
            var record = records[i];
            signed[i] = record with { SealKeyId = _sealer.KeyId, Seal = _sealer.Seal(record.Hash) };
        }

        return Inner.AppendAsync(signed, cancellationToken);
    }

    public async ValueTask WriteCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var previous = _previousCheckpoint ?? new byte[AuditChain.HashSize];

        // Whole milliseconds: the resolution both stores keep, so the sealed time reads back exactly.
        var createdAt = DateTimeOffset.FromUnixTimeMilliseconds(checkpoint.CreatedAt.ToUnixTimeMilliseconds());
        var input = AuditChain.ChainedCheckpointInput(checkpoint.StreamId, checkpoint.Sequence, checkpoint.Hash, previous, createdAt);
        var chained = checkpoint with { CreatedAt = createdAt, Previous = previous, SealKeyId = _sealer.KeyId, Seal = _sealer.Seal(input) };
        await Inner.WriteCheckpointAsync(chained, cancellationToken).ConfigureAwait(false);
        _previousCheckpoint = AuditChain.CheckpointDigest(chained);
    }

    public void Dispose()
    {
        (Inner as IDisposable)?.Dispose();
    }
}
