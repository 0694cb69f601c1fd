using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Compliance.Runtime.Auditing.Chain;

/// <summary>
/// The chain formulas (RFC 6962 domain separation): <c>leaf = SHA-256(0x00 ‖ bytes)</c>,
/// <c>hash_n = SHA-256(0x01 ‖ hash_{n-1} ‖ leaf_n)</c>, <c>hash_0 = SHA-256("cr-audit-genesis" ‖ stream)</c>,
/// <c>seal_n = HMAC-SHA256(key, hash_n)</c>; checkpoints are sealed over
/// <c>"cr-audit-checkpoint" ‖ stream ‖ seq (int64 big-endian) ‖ hash</c>.
/// </summary>
internal static class AuditChain
{
    public const int HashSize = 32;

    private static ReadOnlySpan<byte> GenesisLabel => "cr-audit-genesis"u8;

    private static ReadOnlySpan<byte> CheckpointLabel => "cr-audit-checkpoint"u8;

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

    public static byte[] SealCheckpoint(ReadOnlySpan<byte> key, string streamId, long sequence, ReadOnlySpan<byte> hash)
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
        return HMACSHA256.HashData(key, input);
    }

    public static bool SealMatches(ReadOnlySpan<byte> key, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> seal)
    {
        Span<byte> expected = stackalloc byte[HashSize];
        HMACSHA256.HashData(key, hash, expected);
        return CryptographicOperations.FixedTimeEquals(expected, seal);
    }
}
