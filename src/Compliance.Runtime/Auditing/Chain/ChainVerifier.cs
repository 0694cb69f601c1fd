using System.Security.Cryptography;

namespace Compliance.Runtime.Auditing.Chain;

/// <summary>
/// Store-independent verification: fed records in storage order, it checks contiguity, the chain,
/// seals and checkpoints, and classifies what it finds. It keeps a bounded window of recent hashes,
/// so memory stays constant however long the trail is.
/// </summary>
internal sealed class ChainVerifier
{
    private const int HashWindow = 4096;
    private const int MaxIssues = 1000;

    private readonly byte[]? _sealKey;
    private readonly Dictionary<long, byte[]> _recentHashes = [];
    private readonly Queue<long> _recentOrder = new();
    private readonly SortedSet<long> _missing = [];
    private readonly Dictionary<long, (byte[] Hash, string Location)> _checkpoints = [];
    private readonly List<AuditIssue> _issues = [];
    private string? _streamId;
    private long _highest;
    private long _count;
    private long _latestCheckpoint;

    public ChainVerifier(byte[]? sealKey)
    {
        _sealKey = sealKey;
    }

    public bool SealsChecked => _sealKey is not null;

    public void AddIssue(AuditIssueKind kind, long? sequence, string location, string message)
    {
        if (_issues.Count < MaxIssues)
        {
            _issues.Add(new AuditIssue(kind, sequence, location, message));
        }
    }

    public void AddCheckpoint(AuditCheckpoint checkpoint, string location)
    {
        if (_sealKey is not null)
        {
            var expected = AuditChain.SealCheckpoint(_sealKey, checkpoint.StreamId, checkpoint.Sequence, checkpoint.Hash);
            if (!CryptographicOperations.FixedTimeEquals(expected, checkpoint.Seal))
            {
                AddIssue(AuditIssueKind.CheckpointMismatch, checkpoint.Sequence, location, "The checkpoint's seal is invalid: it was altered or forged.");
                return;
            }
        }

        _streamId ??= checkpoint.StreamId;
        _checkpoints[checkpoint.Sequence] = (checkpoint.Hash, location);
        _latestCheckpoint = Math.Max(_latestCheckpoint, checkpoint.Sequence);
    }

    public void AddRecord(ReadOnlySpan<byte> content, byte[] storedHash, byte[] seal, string location)
    {
        if (!AuditRecordSerializer.TryReadPosition(content, out var sequence, out var streamId) || sequence <= 0 || storedHash.Length != AuditChain.HashSize)
        {
            AddIssue(AuditIssueKind.MalformedRecord, null, location, "The record cannot be read (no sequence number, stream or hash).");
            return;
        }

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

        if (_sealKey is not null && !AuditChain.SealMatches(_sealKey, storedHash, seal))
        {
            AddIssue(AuditIssueKind.InvalidSeal, sequence, location, "The seal does not match the chain hash: the chain was recomputed without the seal key, or the seal was altered.");
        }

        if (_checkpoints.TryGetValue(sequence, out var checkpoint) && !CryptographicOperations.FixedTimeEquals(checkpoint.Hash, storedHash))
        {
            AddIssue(AuditIssueKind.CheckpointMismatch, sequence, checkpoint.Location, "The checkpoint's hash differs from the chain at its sequence number: records up to it were changed.");
        }

        Remember(sequence, storedHash);
    }

    public AuditVerificationReport Complete()
    {
        foreach (var missing in _missing)
        {
            AddIssue(AuditIssueKind.MissingRecord, missing, "sequence " + missing.ToString(System.Globalization.CultureInfo.InvariantCulture), "The record with this sequence number is missing: it was deleted.");
        }

        if (_latestCheckpoint > _highest)
        {
            AddIssue(
                AuditIssueKind.TruncatedTail,
                _highest + 1,
                _checkpoints[_latestCheckpoint].Location,
                $"A checkpoint covers {_latestCheckpoint} records but the trail ends at {_highest}: records were removed from the end.");
        }

        return new AuditVerificationReport(_count, _highest, _issues.ToArray());
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
}
