namespace Compliance.Runtime;

/// <summary>
/// Removes classified values before they reach logs, exception messages, telemetry or URLs. The
/// Compliance.Analyzers data-flow rules recognise these methods as sanitizers.
/// </summary>
public static class Redact
{
    /// <summary>What <see cref="Value"/> returns, whatever the input: it reveals neither content nor length.</summary>
    public const string Marker = "[REDACTED]";

    private static KeyedRedact? hashKeyRedact;

    /// <summary>A fixed-width marker in place of <paramref name="value"/>.</summary>
    public static string Value(object? value) => Marker;

    /// <summary>
    /// A stable, keyed pseudonym of <paramref name="value"/> (HMAC-SHA256, first 16 bytes, hex), so
    /// log entries about the same patient can be correlated without revealing who it is. Without
    /// the key the pseudonym cannot be reversed or recomputed by a dictionary attack.
    /// </summary>
    /// <exception cref="InvalidOperationException">No key was configured with <see cref="UseHashKey"/>.</exception>
    public static string Hash(string? value)
    {
        var keyed = Volatile.Read(ref hashKeyRedact)
            ?? throw new InvalidOperationException("Redact.Hash needs a key: configure one at startup with Redact.UseHashKey (at least 32 bytes from a secret store).");
        return keyed.Hash(value);
    }

    /// <summary>Sets the key of <see cref="Hash"/>; call once at startup. The key is copied.</summary>
    /// <exception cref="ArgumentException">The key is shorter than 32 bytes.</exception>
    public static void UseHashKey(ReadOnlySpan<byte> key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The redaction hash key must be at least 32 bytes.", nameof(key));
        }

        Volatile.Write(ref hashKeyRedact, new KeyedRedact(key));
    }

    /// <summary>Sets a key only when none is configured yet (the per-process fallback of <c>AddRedaction()</c>).</summary>
    internal static void UseHashKeyIfUnset(ReadOnlySpan<byte> key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The redaction hash key must be at least 32 bytes.", nameof(key));
        }

        Interlocked.CompareExchange(ref hashKeyRedact, new KeyedRedact(key), null);
    }
}
