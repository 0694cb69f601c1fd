namespace Compliance.Runtime.Encryption;

/// <summary>
/// Computes blind indexes (see <see cref="BlindIndexDefinition"/>). Column keys are derived with
/// HKDF-SHA256 from a blind-index root key kept apart from the field-encryption keys. Thread-safe.
/// </summary>
public interface IBlindIndexer
{
    /// <summary>Writes the index of <paramref name="value"/> into <paramref name="destination"/>.</summary>
    /// <param name="value">The plaintext value.</param>
    /// <param name="destination">At least <see cref="BlindIndexDefinition.Length"/> bytes.</param>
    /// <param name="definition">The column's index definition.</param>
    /// <returns>The number of bytes written.</returns>
    int Compute(ReadOnlySpan<char> value, Span<byte> destination, BlindIndexDefinition definition);
}

/// <summary>Array forms of <see cref="IBlindIndexer"/>.</summary>
public static class BlindIndexerExtensions
{
    /// <summary>The index of <paramref name="value"/> as a new array.</summary>
    /// <param name="indexer">The indexer.</param>
    /// <param name="value">The plaintext value.</param>
    /// <param name="definition">The column's index definition.</param>
    /// <returns>The index.</returns>
    public static byte[] Compute(this IBlindIndexer indexer, string value, BlindIndexDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(indexer);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(definition);
        var index = new byte[definition.Length];
        indexer.Compute(value, index, definition);
        return index;
    }
}
