using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Compliance.Runtime.Auditing.Chain;

/// <summary>
/// Store-independent verification: fed checkpoints and then records in storage order, it checks
/// contiguity, the chain, seals (by key id), the checkpoint chain, the external anchor and partial
/// records, and classifies what it finds. It keeps a bounded window of recent hashes, so memory
/// stays constant however long the trail is (checkpoints, one per thousand records, are kept).
/// </summary>
internal sealed class ChainVerifier
{
    private const int HashWindow = 4096;
    private const int MaxIssues = 1000;
    private static readonly byte[] NoPreviousCheckpoint = new byte[AuditChain.HashSize];

    private readonly AuditSealKeySet? _keys;
    private readonly AuditAnchor? _anchor;
    private readonly Dictionary<long, byte[]> _recentHashes = [];
    private readonly Queue<long> _recentOrder = new();
    private readonly SortedSet<long> _missing = [];
    private readonly Dictionary<long, (AuditCheckpoint Checkpoint, string Location)> _checkpoints = [];
    private readonly List<AuditIssue> _issues = [];
    private string? _streamId;
    private long _highest;
    private long _first = long.MaxValue;
    private byte[]? _firstHash;
    private byte[]? _lastHash;
    private readonly SortedSet<string> _sealKeyIds = new(StringComparer.Ordinal);
    private long _count;
    private long _latestCheckpoint;
    private byte[]? _previousCheckpointDigest;
    private long _previousCheckpointSequence;
    private bool _chainedCheckpointSeen;
    private bool _anchorReached;
    private PendingTear? _pendingTear;

    public ChainVerifier(AuditSealKeySet? keys, AuditAnchor? anchor = null)
    {
        _keys = keys;
        _anchor = anchor;
        if (anchor?.Checkpoint is { } checkpoint)
        {
            // An exported checkpoint is only as good as its seal; a bare seq:hash is trusted as given.
            if (keys is not null && !SealVerifies(checkpoint.SealKeyId, AuditChain.CheckpointInput(checkpoint), checkpoint.Seal, "anchor", checkpoint.Sequence, out _))
            {
                AddIssue(AuditIssueKind.AnchorMismatch, checkpoint.Sequence, "anchor", "The anchor checkpoint's seal does not verify: it was altered or forged.");
            }

            _streamId = checkpoint.StreamId;
        }
    }

    public bool SealsChecked => _keys is not null;

    public void AddIssue(AuditIssueKind kind, long? sequence, string location, string message)
    {
        if (_issues.Count < MaxIssues)
        {
            _issues.Add(new AuditIssue(kind, sequence, location, message));
        }
    }

    public void AddCheckpoint(AuditCheckpoint checkpoint, string location)
    {
        if (checkpoint.Hash.Length != AuditChain.HashSize || checkpoint.Sequence < 1 || checkpoint.Previous is { Length: not AuditChain.HashSize })
        {
            AddIssue(AuditIssueKind.CheckpointMismatch, null, location, "The checkpoint cannot be read (bad sequence number or hash).");
            return;
        }

        if (_keys is not null && !SealVerifies(checkpoint.SealKeyId, AuditChain.CheckpointInput(checkpoint), checkpoint.Seal, location, checkpoint.Sequence, out var known))
        {
            if (known)
            {
                AddIssue(AuditIssueKind.CheckpointMismatch, checkpoint.Sequence, location, "The checkpoint's seal is invalid: it was altered or forged.");
            }

            return;
        }

        if (checkpoint.Previous is { } previous)
        {
            // Chained checkpoints: each names the one before it, so removing, inserting or
            // reordering checkpoints in the middle breaks the chain.
            _chainedCheckpointSeen = true;
            if (!CryptographicOperations.FixedTimeEquals(previous, _previousCheckpointDigest ?? NoPreviousCheckpoint)
                || checkpoint.Sequence <= _previousCheckpointSequence)
            {
                AddIssue(AuditIssueKind.CheckpointMismatch, checkpoint.Sequence, location, "The checkpoint does not follow the checkpoint before it: checkpoints were removed, inserted or reordered.");
            }
        }
        else if (_chainedCheckpointSeen)
        {
            AddIssue(AuditIssueKind.CheckpointMismatch, checkpoint.Sequence, location, "An unchained checkpoint follows chained ones: the checkpoint was forged in the old format.");
        }

        _previousCheckpointDigest = AuditChain.CheckpointDigest(checkpoint);
        _previousCheckpointSequence = checkpoint.Sequence;
        _streamId ??= checkpoint.StreamId;
        _checkpoints[checkpoint.Sequence] = (checkpoint, location);
        _latestCheckpoint = Math.Max(_latestCheckpoint, checkpoint.Sequence);
    }

    public void AddRecord(ReadOnlySpan<byte> content, byte[] storedHash, string? sealKeyId, byte[] seal, string location)
    {
        if (!AuditRecordSerializer.TryReadPosition(content, out var sequence, out var streamId) || sequence <= 0 || storedHash.Length != AuditChain.HashSize)
        {
            AddIssue(AuditIssueKind.MalformedRecord, null, location, "The record cannot be read (no sequence number, stream or hash).");
            return;
        }

        ResolvePendingTear(sequence);
        _count++;
        _streamId ??= streamId;
        if (!string.Equals(streamId, _streamId, StringComparison.Ordinal))
        {
            AddIssue(AuditIssueKind.StreamMismatch, sequence, location, "The record belongs to another stream.");
            return;
        }

        var expectedSequence = _highest + 1;
        var explained = false;
        if (sequence == expectedSequence)
        {
            _highest = sequence;
        }
        else if (sequence > expectedSequence)
        {
            for (var missing = expectedSequence; missing < sequence && _missing.Count < 1_000_000; missing++)
            {
                _missing.Add(missing);
            }

            _highest = sequence;
            explained = true;
        }
        else if (_missing.Remove(sequence))
        {
            AddIssue(AuditIssueKind.ReorderedRecord, sequence, location, "The record appears after records with higher sequence numbers: records were reordered.");
            explained = true;
        }
        else
        {
            AddIssue(AuditIssueKind.DuplicateRecord, sequence, location, "The sequence number appears a second time.");
            return;
        }

        byte[]? previous = sequence == 1 ? AuditChain.Genesis(streamId!) : _recentHashes.GetValueOrDefault(sequence - 1);
        if (previous is not null)
        {
            var computed = AuditChain.Next(previous, content);
            if (!CryptographicOperations.FixedTimeEquals(computed, storedHash) && !explained)
            {
                AddIssue(AuditIssueKind.EditedRecord, sequence, location, "The record's content does not match its chain hash: it was edited.");
            }
        }

        if (_keys is not null && !SealVerifies(sealKeyId, storedHash, seal, location, sequence, out var known) && known)
        {
            AddIssue(AuditIssueKind.InvalidSeal, sequence, location, "The seal does not match the chain hash: the chain was recomputed without the seal key, or the seal was altered.");
        }

        if (_checkpoints.TryGetValue(sequence, out var checkpoint) && !CryptographicOperations.FixedTimeEquals(checkpoint.Checkpoint.Hash, storedHash))
        {
            AddIssue(AuditIssueKind.CheckpointMismatch, sequence, checkpoint.Location, "The checkpoint's hash differs from the chain at its sequence number: records up to it were changed.");
        }

        if (_anchor is not null && sequence == _anchor.Sequence)
        {
            _anchorReached = true;
            if (!CryptographicOperations.FixedTimeEquals(_anchor.Hash, storedHash))
            {
                AddIssue(AuditIssueKind.AnchorMismatch, sequence, location, "The chain hash at the anchor's sequence number differs from the anchor: records up to it were changed.");
            }
        }

        // The evidence summary names the range verified, its first and last chain hashes, and the
        // keys that sealed it.
        if (sequence < _first)
        {
            _first = sequence;
            _firstHash = storedHash;
        }

        if (sequence == _highest)
        {
            _lastHash = storedHash;
        }

        if (!string.IsNullOrEmpty(sealKeyId))
        {
            _sealKeyIds.Add(sealKeyId);
        }

        Remember(sequence, storedHash);
    }

    /// <summary>
    /// A final line without a newline. It is a crash tear only when it can be the start of the next
    /// record the writer was appending: the bytes begin as that record's line would (its sequence
    /// number and stream) and are a well-formed JSON prefix. Whether that record was ever
    /// acknowledged is decided later (<see cref="ResolvePendingTear"/>, <see cref="Complete"/>).
    /// </summary>
    public void AddPartialLine(ReadOnlySpan<byte> partial, string location)
    {
        ResolvePendingTear(null);
        var next = _highest + 1;
        if (!IsRecordLinePrefix(partial, next, _streamId))
        {
            AddIssue(AuditIssueKind.CutRecord, null, location, "The final line is partial but is not the start of the next record: the file was cut or written to by something other than the writer.");
            return;
        }

        _pendingTear = new PendingTear(next, location);
    }

    public AuditVerificationReport Complete(string? emptyReason = null)
    {
        foreach (var missing in _missing)
        {
            AddIssue(AuditIssueKind.MissingRecord, missing, "sequence " + missing.ToString(CultureInfo.InvariantCulture), "The record with this sequence number is missing: it was deleted.");
        }

        if (_pendingTear is { } tear)
        {
            // The writer only tears a record it had not acknowledged; a checkpoint or anchor at or
            // past it proves it had been, so the partial line is what is left of a cut.
            var acknowledged = Math.Max(_latestCheckpoint, _anchor?.Sequence ?? 0);
            if (tear.Sequence <= acknowledged)
            {
                AddIssue(AuditIssueKind.CutRecord, tear.Sequence, tear.Location, "The final line is partial although a checkpoint or the anchor covers it: the record was acknowledged, so the file was cut.");
            }
            else
            {
                AddTornTail(tear);
            }

            _pendingTear = null;
        }

        if (_latestCheckpoint > _highest)
        {
            AddIssue(
                AuditIssueKind.TruncatedTail,
                _highest + 1,
                _checkpoints[_latestCheckpoint].Location,
                $"A checkpoint covers {_latestCheckpoint} records but the trail ends at {_highest}: records were removed from the end.");
        }

        if (_anchor is not null && !_anchorReached)
        {
            AddIssue(
                AuditIssueKind.AnchorMismatch,
                _anchor.Sequence,
                "anchor",
                _anchor.Sequence > _highest
                    ? $"The anchor says the trail reached {_anchor.Sequence} but it ends at {_highest}: records were removed from the end, with their checkpoints."
                    : "The record at the anchor's sequence number is missing or unreadable.");
        }

        if (_count == 0)
        {
            AddIssue(AuditIssueKind.EmptyLog, null, "log", emptyReason ?? "The log holds no records: it was emptied or never written.");
        }

        var latest = _latestCheckpoint > 0 && _latestCheckpoint <= _highest ? _checkpoints[_latestCheckpoint].Checkpoint : null;
        return new AuditVerificationReport(_count, _highest, _issues.ToArray())
        {
            LatestCheckpoint = latest,
            FirstSequence = _firstHash is null ? 0 : _first,
            FirstHash = _firstHash,
            LastHash = _lastHash,
            SealKeyIds = _sealKeyIds.ToArray(),
        };
    }

    /// <summary>
    /// A tear is followed by more records only when the writer restarted: it then continues in a
    /// new file with the very record it was tearing (the store reopens at the last complete line).
    /// Anything else after a partial line means records were removed around it.
    /// </summary>
    private void ResolvePendingTear(long? nextSequence)
    {
        if (_pendingTear is not { } tear)
        {
            return;
        }

        _pendingTear = null;
        if (nextSequence == tear.Sequence)
        {
            AddTornTail(tear);
        }
        else
        {
            AddIssue(AuditIssueKind.CutRecord, tear.Sequence, tear.Location, "A partial line is not followed by its record being written again, as a restarted writer does: records were cut around it.");
        }
    }

    private void AddTornTail(PendingTear tear) =>
        AddIssue(AuditIssueKind.TornTail, tear.Sequence, tear.Location, "The final line was only partly written (the process stopped during an append); it was never acknowledged and is not part of the chain.");

    private bool SealVerifies(string? keyId, ReadOnlySpan<byte> input, ReadOnlySpan<byte> seal, string location, long sequence, out bool known)
    {
        var valid = _keys!.Verify(keyId, input, seal, out known);
        if (!known)
        {
            // The key id is not secret; naming it tells the auditor which key to supply.
            AddIssue(AuditIssueKind.UnknownSealKey, sequence, location, $"No seal key was given for key id '{Printable(keyId)}'; the seal cannot be checked.");
        }

        return valid;
    }

    private static string Printable(string? keyId) =>
        keyId is null ? "(none)" : new string(keyId.Take(64).Select(static c => char.IsControl(c) ? '?' : c).ToArray());

    private static bool IsRecordLinePrefix(ReadOnlySpan<byte> partial, long sequence, string? streamId)
    {
        if (partial.IsEmpty)
        {
            return false;
        }

        // The writer's own bytes for the start of that line: the same serializer writes seq and stream first.
        var output = new ArrayBufferWriter<byte>(128);
        output.Write("{\"record\":"u8);
        AuditRecordSerializer.WritePosition(output, sequence, streamId);
        var expected = output.WrittenSpan;
        if (partial.Length <= expected.Length)
        {
            return expected.StartsWith(partial);
        }

        if (!partial.StartsWith(expected))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(partial, isFinalBlock: false, state: default);
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private void Remember(long sequence, byte[] hash)
    {
        _recentHashes[sequence] = hash;
        _recentOrder.Enqueue(sequence);
        if (_recentOrder.Count > HashWindow)
        {
            _recentHashes.Remove(_recentOrder.Dequeue());
        }
    }

    private readonly record struct PendingTear(long Sequence, string Location);
}
