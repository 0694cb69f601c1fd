namespace Compliance.Runtime.Auditing;

/// <summary>Checks a stored audit trail for tampering.</summary>
public interface IAuditVerifier
{
    /// <summary>
    /// Reads the whole trail in sequence order and checks sequence contiguity (deleted or reordered
    /// records), each record's chain hash (edited records), each seal with the key its
    /// <c>seal_kid</c> names (a chain recomputed without the key), the checkpoint chain and the
    /// latest checkpoint (a truncated tail), and the external anchor when one is given. An empty
    /// trail is invalid. A record torn by a crash is reported as <see cref="AuditIssueKind.TornTail"/>,
    /// which does not make the trail invalid; any other partial record is <see cref="AuditIssueKind.CutRecord"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>The report.</returns>
    ValueTask<AuditVerificationReport> VerifyAsync(CancellationToken cancellationToken = default);
}

/// <summary>The result of verifying an audit trail.</summary>
/// <param name="RecordCount">How many complete records were read.</param>
/// <param name="LastSequence">The highest sequence number read.</param>
/// <param name="Issues">Everything found, in reading order.</param>
public sealed record AuditVerificationReport(long RecordCount, long LastSequence, IReadOnlyList<AuditIssue> Issues)
{
    /// <summary>True when nothing but torn tails (crash residue, not tampering) was found.</summary>
    public bool IsValid => Issues.All(static issue => issue.Kind == AuditIssueKind.TornTail);

    /// <summary>The latest checkpoint whose seal and hash verified, to export as an anchor for the next verification; null when there is none.</summary>
    public AuditCheckpoint? LatestCheckpoint { get; init; }

    /// <summary>The lowest sequence number read (0 when no record was read).</summary>
    public long FirstSequence { get; init; }

    /// <summary>The chain hash of the record at <see cref="FirstSequence"/>; null when no record was read.</summary>
    public byte[]? FirstHash { get; init; }

    /// <summary>The chain hash of the record at <see cref="AuditVerificationReport.LastSequence"/>; null when no record was read.</summary>
    public byte[]? LastHash { get; init; }

    /// <summary>The seal key ids the records name.</summary>
    public IReadOnlyList<string> SealKeyIds { get; init; } = [];
}

/// <summary>One finding of the verifier.</summary>
/// <param name="Kind">What was found.</param>
/// <param name="Sequence">The sequence number concerned, when known.</param>
/// <param name="Location">Where: a file and line number, or a table row.</param>
/// <param name="Message">An explanation (never record content).</param>
public sealed record AuditIssue(AuditIssueKind Kind, long? Sequence, string Location, string Message);

/// <summary>The kinds of findings.</summary>
public enum AuditIssueKind
{
    /// <summary>A record's content no longer matches its chain hash: it was edited.</summary>
    EditedRecord = 0,

    /// <summary>A sequence number is missing: a record was deleted.</summary>
    MissingRecord = 1,

    /// <summary>A record appears out of sequence order: records were reordered.</summary>
    ReorderedRecord = 2,

    /// <summary>A sequence number appears twice: a record was duplicated or replayed.</summary>
    DuplicateRecord = 3,

    /// <summary>A seal does not match: the chain was recomputed (forged) without the seal key, or a seal was altered.</summary>
    InvalidSeal = 4,

    /// <summary>The trail ends before its latest checkpoint: records were cut from the end.</summary>
    TruncatedTail = 5,

    /// <summary>A checkpoint disagrees with the chain, or its own seal is invalid.</summary>
    CheckpointMismatch = 6,

    /// <summary>A line or row cannot be read as a record.</summary>
    MalformedRecord = 7,

    /// <summary>A record belongs to another stream.</summary>
    StreamMismatch = 8,

    /// <summary>The final line of a file was only partly written (a crash during an append). Not tampering; the record was never acknowledged.</summary>
    TornTail = 9,

    /// <summary>There are no records at all: the log (or its directory or database) is missing or was emptied.</summary>
    EmptyLog = 10,

    /// <summary>A partial line that cannot be a crash during an append: not the next record, followed by other data, or inside the acknowledged part of the trail.</summary>
    CutRecord = 11,

    /// <summary>The trail does not reach the external anchor (an exported checkpoint or a known <c>seq:hash</c>), or differs from it.</summary>
    AnchorMismatch = 12,

    /// <summary>A record or checkpoint names a seal key id for which no key was given.</summary>
    UnknownSealKey = 13,
}
