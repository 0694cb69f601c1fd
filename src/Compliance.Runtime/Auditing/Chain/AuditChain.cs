using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Compliance.Runtime.Auditing.Chain;

/// <summary>
/// The chain formulas (RFC 6962 domain separation): <c>leaf = SHA-256(0x00 ‖ bytes)</c>,
/// <c>hash_n = SHA-256(0x01 ‖ hash_{n-1} ‖ leaf_n)</c>, <c>hash_0 = SHA-256("cr-audit-genesis" ‖ stream)</c>,
/// <c>seal_n = HMAC-SHA256(key, hash_n)</c> (or an ECDSA P-256 signature of <c>hash_n</c>);
/// checkpoints are sealed over <c>"cr-audit-checkpoint" ‖ stream ‖ seq (int64 big-endian) ‖ hash</c>
/// (original format) or, chained, over <c>"cr-audit-checkpoint-v2" ‖ len(stream) (int32 big-endian) ‖
/// stream ‖ seq ‖ hash ‖ previous ‖ created_at (Unix milliseconds, int64 big-endian)</c>, where
/// <c>previous</c> is the digest (SHA-256 of the sealed input) of the checkpoint before it, or 32 zero
/// bytes for the first.
/// </summary>
internal static class AuditChain
{
    public const int HashSize = 32;

    private static ReadOnlySpan<byte> GenesisLabel => "cr-audit-genesis"u8;

    private static ReadOnlySpan<byte> CheckpointLabel => "cr-audit-checkpoint"u8;

    private static ReadOnlySpan<byte> ChainedCheckpointLabel => "cr-audit-checkpoint-v2"u8;

    public static byte[] Genesis(string streamId)
    {
        var stream = Encoding.UTF8.GetBytes(streamId);
        var input = new byte[GenesisLabel.Length + stream.Length];
        GenesisLabel.CopyTo(input);
        stream.CopyTo(input.AsSpan(GenesisLabel.Length));
        return SHA256.HashData(input);
    }

    public static byte[] Next(ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> content)
    {
        Span<byte> leaf = stackalloc byte[HashSize];
        using (var leafHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            leafHash.AppendData([0x00]);
            leafHash.AppendData(content);
            leafHash.GetHashAndReset(leaf);
        }

        Span<byte> node = stackalloc byte[1 + HashSize + HashSize];
        node[0] = 0x01;
        previousHash.CopyTo(node[1..]);
        leaf.CopyTo(node[(1 + HashSize)..]);
        return SHA256.HashData(node);
    }

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> hash) => HMACSHA256.HashData(key, hash);

    public static byte[] SealCheckpoint(ReadOnlySpan<byte> key, string streamId, long sequence, ReadOnlySpan<byte> hash) =>
        HMACSHA256.HashData(key, CheckpointInput(streamId, sequence, hash));

    /// <summary>The bytes a checkpoint's seal covers, in its own format (chained when it has <see cref="AuditCheckpoint.Previous"/>).</summary>
    public static byte[] CheckpointInput(AuditCheckpoint checkpoint) =>
        checkpoint.Previous is { } previous
            ? ChainedCheckpointInput(checkpoint.StreamId, checkpoint.Sequence, checkpoint.Hash, previous, checkpoint.CreatedAt)
            : CheckpointInput(checkpoint.StreamId, checkpoint.Sequence, checkpoint.Hash);

    /// <summary>What the next checkpoint stores as <c>prev</c>: a digest of everything this checkpoint's seal covers.</summary>
    public static byte[] CheckpointDigest(AuditCheckpoint checkpoint) => SHA256.HashData(CheckpointInput(checkpoint));

    public static byte[] ChainedCheckpointInput(string streamId, long sequence, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> previous, DateTimeOffset createdAt)
    {
        var stream = Encoding.UTF8.GetBytes(streamId);
        var input = new byte[ChainedCheckpointLabel.Length + sizeof(int) + stream.Length + sizeof(long) + hash.Length + previous.Length + sizeof(long)];
        var span = input.AsSpan();
        ChainedCheckpointLabel.CopyTo(span);
        span = span[ChainedCheckpointLabel.Length..];
        BinaryPrimitives.WriteInt32BigEndian(span, stream.Length);
        span = span[sizeof(int)..];
        stream.CopyTo(span);
        span = span[stream.Length..];
        BinaryPrimitives.WriteInt64BigEndian(span, sequence);
        span = span[sizeof(long)..];
        hash.CopyTo(span);
        span = span[hash.Length..];
        previous.CopyTo(span);
        span = span[previous.Length..];
        BinaryPrimitives.WriteInt64BigEndian(span, createdAt.ToUnixTimeMilliseconds());
        return input;
    }

    private static byte[] CheckpointInput(string streamId, long sequence, ReadOnlySpan<byte> hash)
    {
        var stream = Encoding.UTF8.GetBytes(streamId);
        var input = new byte[CheckpointLabel.Length + stream.Length + sizeof(long) + hash.Length];
        var span = input.AsSpan();
        CheckpointLabel.CopyTo(span);
        span = span[CheckpointLabel.Length..];
        stream.CopyTo(span);
        span = span[stream.Length..];
        BinaryPrimitives.WriteInt64BigEndian(span, sequence);
        hash.CopyTo(span[sizeof(long)..]);
        return input;
    }

    public static bool SealMatches(ReadOnlySpan<byte> key, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> seal)
    {
        Span<byte> expected = stackalloc byte[HashSize];
        HMACSHA256.HashData(key, hash, expected);
        return CryptographicOperations.FixedTimeEquals(expected, seal);
    }
}
