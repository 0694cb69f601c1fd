namespace Compliance.Runtime.Auditing;

/// <summary>
/// Append-only storage for sealed audit records. The writer serialises, chains and seals records;
/// a store only persists exactly the bytes it is given, in order, durably. Implementations must
/// never update or delete records.
/// </summary>
public interface IAuditStore
{
    /// <summary>
    /// Opens the store (or reopens it after a failure) and returns the head of the chain so that
    /// appends continue it. Recovers from an interrupted append: a partly written record is left
    /// in place for the verifier to report and is never counted.
    /// </summary>
    /// <param name="newStreamId">The stream id to use when the store is empty.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stream id, last sequence number (0 when empty) and last chain hash (null when empty).</returns>
    ValueTask<AuditChainHead> OpenAsync(string newStreamId, CancellationToken cancellationToken);

    /// <summary>Appends <paramref name="records"/> atomically as far as the medium allows and returns once they are on stable storage.</summary>
    /// <param name="records">Consecutive records continuing the chain.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the records are durable.</returns>
    ValueTask AppendAsync(IReadOnlyList<SealedAuditRecord> records, CancellationToken cancellationToken);

    /// <summary>Durably stores a checkpoint, so the verifier can detect a truncated tail.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the checkpoint is durable.</returns>
    ValueTask WriteCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken);
}

/// <summary>The end of a stored chain.</summary>
/// <param name="StreamId">The stream the store holds.</param>
/// <param name="Sequence">The last sequence number, 0 when the store is empty.</param>
/// <param name="Hash">The chain hash of the last record, null when the store is empty.</param>
public sealed record AuditChainHead(string StreamId, long Sequence, byte[]? Hash);

/// <summary>A serialised, chained and sealed record, ready to store.</summary>
/// <param name="Sequence">The gap-free sequence number within the stream, starting at 1.</param>
/// <param name="Content">The exact UTF-8 JSON bytes that were hashed; store them unchanged.</param>
/// <param name="Hash">The chain hash: SHA-256(0x01 ‖ previous hash ‖ SHA-256(0x00 ‖ content)).</param>
/// <param name="SealKeyId">The id of the key that produced <paramref name="Seal"/>.</param>
/// <param name="Seal">HMAC-SHA256 of <paramref name="Hash"/> under the seal key.</param>
public sealed record SealedAuditRecord(long Sequence, ReadOnlyMemory<byte> Content, byte[] Hash, string SealKeyId, byte[] Seal);

/// <summary>A sealed statement that the stream had reached <paramref name="Sequence"/> with chain hash <paramref name="Hash"/>.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="Sequence">The last sequence number covered.</param>
/// <param name="Hash">The chain hash at that sequence number.</param>
/// <param name="CreatedAt">When the checkpoint was taken (UTC).</param>
/// <param name="SealKeyId">The id of the key that produced <paramref name="Seal"/>.</param>
/// <param name="Seal">The seal (HMAC-SHA256 or an ECDSA P-256 signature) over the checkpoint's stream, sequence number and hash, and in the chained format also its creation time and <paramref name="Previous"/>.</param>
/// <param name="Previous">
/// The digest of the checkpoint before it (32 zero bytes for the first), sealed with it, so the
/// checkpoints form their own chain; null in the original, unchained format.
/// </param>
public sealed record AuditCheckpoint(string StreamId, long Sequence, byte[] Hash, DateTimeOffset CreatedAt, string SealKeyId, byte[] Seal, byte[]? Previous = null);

/// <summary>Thrown to callers waiting for an acknowledgement when the audit store cannot persist records.</summary>
public sealed class AuditStoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AuditStoreUnavailableException()
        : base("The audit store is unavailable; the record was not written.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message (no PHI).</param>
    public AuditStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the store's failure.</summary>
    /// <param name="message">The message (no PHI).</param>
    /// <param name="innerException">The store's failure.</param>
    public AuditStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
