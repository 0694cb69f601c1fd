using System.Globalization;

namespace Compliance.Runtime.Auditing;

/// <summary>
/// What the verifier knows from outside the log: the trail reached at least <see cref="Sequence"/>
/// with chain hash <see cref="Hash"/>. Kept off the box (a ticket, a WORM bucket, a printed report),
/// it turns "the trail is consistent" into "the trail is consistent and no shorter than it was",
/// which nothing stored next to the log can prove: an intruder who removes the newest records
/// together with the checkpoints that covered them leaves a consistent earlier state.
/// </summary>
public sealed class AuditAnchor
{
    /// <summary>Creates an anchor from a known sequence number and chain hash.</summary>
    /// <param name="sequence">The sequence number the trail must reach.</param>
    /// <param name="hash">The chain hash at that sequence number (32 bytes).</param>
    public AuditAnchor(long sequence, byte[] hash)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentNullException.ThrowIfNull(hash);
        if (hash.Length != 32)
        {
            throw new ArgumentException("The anchor hash must be 32 bytes (64 hex digits).", nameof(hash));
        }

        Sequence = sequence;
        Hash = hash.ToArray();
    }

    /// <summary>Creates an anchor from an exported, sealed checkpoint; its seal is checked with the verifier's keys.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    public AuditAnchor(AuditCheckpoint checkpoint)
        : this(checkpoint?.Sequence ?? 0, checkpoint?.Hash ?? [])
    {
        Checkpoint = checkpoint;
    }

    /// <summary>The sequence number the trail must reach.</summary>
    public long Sequence { get; }

    /// <summary>The chain hash at <see cref="Sequence"/>.</summary>
    public byte[] Hash { get; }

    /// <summary>The sealed checkpoint the anchor came from, or null for a bare <c>seq:hash</c>.</summary>
    public AuditCheckpoint? Checkpoint { get; }

    /// <summary>Parses <c>seq:hash</c> (decimal sequence number, 64 hex digits).</summary>
    /// <param name="text">The text.</param>
    /// <param name="anchor">The anchor, when the text is well-formed.</param>
    /// <returns>Whether the text is well-formed.</returns>
    public static bool TryParse(string? text, out AuditAnchor? anchor)
    {
        anchor = null;
        var separator = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (separator <= 0
            || !long.TryParse(text.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || sequence < 1
            || text!.Length - separator - 1 != 64)
        {
            return false;
        }

        try
        {
            anchor = new AuditAnchor(sequence, Convert.FromHexString(text.AsSpan(separator + 1)));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        Sequence.ToString(CultureInfo.InvariantCulture) + ":" + Convert.ToHexStringLower(Hash);
}

/// <summary>How a trail is verified.</summary>
public sealed class AuditVerificationOptions
{
    /// <summary>The seal keys by key id; when null, seals are not checked (a chain recomputed by an intruder then passes).</summary>
    public AuditSealKeySet? Keys { get; init; }

    /// <summary>An external anchor the trail must reach; without one a removed tail together with its checkpoints cannot be detected.</summary>
    public AuditAnchor? Anchor { get; init; }
}
