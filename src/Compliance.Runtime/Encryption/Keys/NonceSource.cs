using System.Security.Cryptography;

namespace Compliance.Runtime.Encryption;

/// <summary>
/// Random nonces from a per-thread block of CSPRNG output. One <c>RandomNumberGenerator.Fill</c>
/// call costs about as much as encrypting a small field, so it is amortised over many nonces. Each
/// byte of the block is handed out once, so nonces stay as unpredictable and unique as drawing
/// them one by one.
/// </summary>
internal static class NonceSource
{
    private const int BlockLength = 4096;

    [ThreadStatic]
    private static byte[]? t_block;

    [ThreadStatic]
    private static int t_offset;

    public static void Fill(Span<byte> nonce)
    {
        var block = t_block;
        if (block is null || t_offset + nonce.Length > BlockLength)
        {
            block ??= t_block = new byte[BlockLength];
            RandomNumberGenerator.Fill(block);
            t_offset = 0;
        }

        var source = block.AsSpan(t_offset, nonce.Length);
        source.CopyTo(nonce);
        source.Clear();
        t_offset += nonce.Length;
    }
}
