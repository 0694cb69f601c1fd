namespace Compliance.Runtime.Auditing;

/// <summary>Checks a stored audit trail for tampering.</summary>
public interface IAuditVerifier
{
    /// <summary>
    /// Reads the whole trail in sequence order and checks sequence contiguity (deleted or reordered
    /// records), each record's chain hash (edited records), each seal (a chain recomputed without
    /// the key) and the latest checkpoint (a truncated tail). A record torn by a crash is reported
    /// as <see cref="AuditIssueKind.TornTail"/>, which does not make the trail invalid.
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
}
