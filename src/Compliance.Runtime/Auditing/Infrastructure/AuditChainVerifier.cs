using Compliance.Runtime.Auditing.Chain;

namespace Compliance.Runtime.Auditing.Infrastructure;

/// <summary>
/// The store-independent chain check behind every <see cref="IAuditVerifier"/>: feed it a store's
/// checkpoints and then its records in storage order, and it checks contiguity, the chain, seals
/// and checkpoints and classifies what it finds, in constant memory. A store in another assembly
/// (SQLite, PostgreSQL) implements its verifier with it and never re-implements the formulas.
/// </summary>
public sealed class AuditChainVerifier
{
    private readonly ChainVerifier _inner;

    /// <summary>Creates a verifier with one HMAC key, used whatever key id a seal names.</summary>
    /// <param name="sealKey">The seal key; when null, seals are not checked.</param>
    public AuditChainVerifier(byte[]? sealKey)
        : this(new AuditVerificationOptions { Keys = sealKey is null ? null : AuditSealKeySet.ForAnyKeyId(sealKey) })
    {
    }

    /// <summary>Creates a verifier with keys selected by key id and, optionally, an external anchor.</summary>
    /// <param name="options">The keys (null: seals are not checked) and the anchor.</param>
    public AuditChainVerifier(AuditVerificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _inner = new ChainVerifier(options.Keys, options.Anchor);
    }

    /// <summary>Whether seals are checked (a key set was given).</summary>
    public bool SealsChecked => _inner.SealsChecked;

    /// <summary>Records a problem the store found itself (for example a row that holds no record).</summary>
    /// <param name="kind">The kind of problem.</param>
    /// <param name="sequence">The sequence number concerned, when known.</param>
    /// <param name="location">Where in the store (a file and line, a table and row id).</param>
    /// <param name="message">What is wrong, without record contents.</param>
    public void AddIssue(AuditIssueKind kind, long? sequence, string location, string message) => _inner.AddIssue(kind, sequence, location, message);

    /// <summary>Adds a stored checkpoint; add all of them before the records.</summary>
    /// <param name="checkpoint">The checkpoint as stored.</param>
    /// <param name="location">Where in the store.</param>
    public void AddCheckpoint(AuditCheckpoint checkpoint, string location) => _inner.AddCheckpoint(checkpoint, location);

    /// <summary>Adds the next stored record.</summary>
    /// <param name="content">The record's exact stored bytes.</param>
    /// <param name="storedHash">The chain hash stored with it.</param>
    /// <param name="sealKeyId">The id of the key the seal names, when the store keeps it.</param>
    /// <param name="seal">The seal stored with it.</param>
    /// <param name="location">Where in the store.</param>
    public void AddRecord(ReadOnlySpan<byte> content, byte[] storedHash, string? sealKeyId, byte[] seal, string location) => _inner.AddRecord(content, storedHash, sealKeyId, seal, location);

    /// <summary>Finishes the check after the last record.</summary>
    /// <param name="emptyReason">What to report when the store held no record at all: an empty log is an error.</param>
    /// <returns>The report.</returns>
    public AuditVerificationReport Complete(string? emptyReason = null) => _inner.Complete(emptyReason);
}
