using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Compliance.Runtime.Encryption;

/// <summary>HMAC-SHA256 blind indexes under HKDF-derived column keys; the root comes from the key ring.</summary>
internal sealed class BlindIndexer(KeyRing ring) : IBlindIndexer
{
    /// <summary>
    /// The most column keys kept. Past it, keys are derived per call (one HKDF, about a
    /// microsecond) instead of cached, so definitions built from request data (a tenant per
    /// request) cannot grow the cache without bound.
    /// </summary>
    internal const int MaxCachedColumnKeys = 1024;

    private const int StackLimit = 256;
    private readonly ConcurrentDictionary<(uint Root, string Tenant, string Table, string Column), byte[]> _columnKeys = new();

    public int Compute(ReadOnlySpan<char> value, Span<byte> destination, BlindIndexDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (destination.Length < definition.Length)
        {
            throw new ArgumentException("The destination is shorter than the index.", nameof(destination));
        }

        var key = ColumnKey(definition);
        if (definition.Normalizer is not null || (definition.Normalization & BlindIndexNormalization.UnicodeFormC) != 0)
        {
            var text = Normalize(value, definition.Normalization).ToString();
            if ((definition.Normalization & BlindIndexNormalization.UnicodeFormC) != 0)
            {
                text = text.Normalize(NormalizationForm.FormC);
            }

            text = definition.Normalizer?.Invoke(text) ?? text;
            return Mac(key, text, destination, definition.Length);
        }

        char[]? rentedChars = null;
        var chars = value.Length <= StackLimit ? stackalloc char[StackLimit] : (rentedChars = ArrayPool<char>.Shared.Rent(value.Length));
        try
        {
            var normalized = NormalizeInto(value, chars, definition.Normalization);
            return Mac(key, normalized, destination, definition.Length);
        }
        finally
        {
            chars.Clear();
            if (rentedChars is not null)
            {
                ArrayPool<char>.Shared.Return(rentedChars);
            }
        }
    }

    private static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> value, BlindIndexNormalization normalization)
    {
        var buffer = new char[value.Length];
        return NormalizeInto(value, buffer, normalization);
    }

    private static ReadOnlySpan<char> NormalizeInto(ReadOnlySpan<char> value, Span<char> buffer, BlindIndexNormalization normalization)
    {
        if ((normalization & BlindIndexNormalization.Trim) != 0)
        {
            value = value.Trim();
        }

        var length = 0;
        foreach (var c in value)
        {
            if ((normalization & BlindIndexNormalization.RemoveSeparators) != 0 && (char.IsWhiteSpace(c) || c == '-'))
            {
                continue;
            }

            buffer[length++] = (normalization & BlindIndexNormalization.IgnoreCase) != 0 ? char.ToUpperInvariant(c) : c;
        }

        return buffer[..length];
    }

    private static int Mac(byte[] key, ReadOnlySpan<char> text, Span<byte> destination, int length)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        byte[]? rented = null;
        var utf8 = byteCount <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        try
        {
            var written = Encoding.UTF8.GetBytes(text, utf8);
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(key, utf8[..written], mac);
            mac[..length].CopyTo(destination);
            return length;
        }
        finally
        {
            utf8[..byteCount].Clear();
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private byte[] ColumnKey(BlindIndexDefinition definition)
    {
        var snapshot = ring.Snapshot;
        if (snapshot.BlindIndexRoot.Length == 0)
        {
            throw new InvalidOperationException("The key ring has no blind index root key. Enable CreateKeysIfMissing or add one to the key store.");
        }

        var cacheKey = (snapshot.BlindIndexRootId, definition.Tenant, definition.Table, definition.Column);
        if (_columnKeys.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        var derived = HKDF.DeriveKey(HashAlgorithmName.SHA256, snapshot.BlindIndexRoot, 32, salt: [], info: definition.KeyInfo);
        return _columnKeys.Count < MaxCachedColumnKeys ? _columnKeys.GetOrAdd(cacheKey, derived) : derived;
    }

    internal int CachedColumnKeys => _columnKeys.Count;
}
