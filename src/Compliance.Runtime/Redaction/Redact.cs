using System.Security.Cryptography;
using System.Text;

namespace Compliance.Runtime;

/// <summary>
/// Removes classified values before they reach logs, exception messages, telemetry or URLs. The
/// Compliance.Analyzers data-flow rules recognise these methods as sanitizers.
/// </summary>
public static class Redact
{
    /// <summary>What <see cref="Value"/> returns, whatever the input: it reveals neither content nor length.</summary>
    public const string Marker = "[REDACTED]";

    private static Redactor? hashKeyRedactor;

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
        var redactor = Volatile.Read(ref hashKeyRedactor)
            ?? throw new InvalidOperationException("Redact.Hash needs a key: configure one at startup with Redact.UseHashKey (at least 32 bytes from a secret store).");
        return redactor.Hash(value);
    }

    /// <summary>Sets the key of <see cref="Hash"/>; call once at startup. The key is copied.</summary>
    /// <exception cref="ArgumentException">The key is shorter than 32 bytes.</exception>
    public static void UseHashKey(ReadOnlySpan<byte> key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The redaction hash key must be at least 32 bytes.", nameof(key));
        }

        Volatile.Write(ref hashKeyRedactor, new Redactor(key));
    }

    /// <summary>Sets a key only when none is configured yet (the per-process fallback of <c>AddRedaction()</c>).</summary>
    internal static void UseHashKeyIfUnset(ReadOnlySpan<byte> key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The redaction hash key must be at least 32 bytes.", nameof(key));
        }

        Interlocked.CompareExchange(ref hashKeyRedactor, new Redactor(key), null);
    }
}

/// <summary>
/// <see cref="Redact"/> with a key of its own: <c>AddRedaction()</c> registers one per application
/// (key from <c>Compliance:Redaction:HashKey</c> / <c>HashKeyFile</c>, else random per application).
/// Inject it where several applications (or test hosts) share a process: the static
/// <see cref="Redact.Hash"/> has one process-wide key, the last one configured.
/// </summary>
public sealed class Redactor
{
    private readonly byte[] _key;

    /// <summary>Creates a redactor over a copy of <paramref name="hashKey"/>.</summary>
    /// <param name="hashKey">At least 32 bytes, from a secret store.</param>
    public Redactor(ReadOnlySpan<byte> hashKey)
    {
        if (hashKey.Length < 32)
        {
            throw new ArgumentException("The redaction hash key must be at least 32 bytes.", nameof(hashKey));
        }

        _key = hashKey.ToArray();
    }

    /// <summary>A fixed-width marker in place of <paramref name="value"/>, like <see cref="Redact.Value"/>.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see cref="Redact.Marker"/>.</returns>
#pragma warning disable CA1822 // An instance method, so that code can use one injected redactor for both forms.
    public string Value(object? value) => Redact.Marker;
#pragma warning restore CA1822

    /// <summary>A keyed pseudonym of <paramref name="value"/>, like <see cref="Redact.Hash"/>, under this redactor's key.</summary>
    /// <param name="value">The value.</param>
    /// <returns><c>h:</c> and 32 hex digits, or <see cref="Redact.Marker"/> for null.</returns>
    public string Hash(string? value)
    {
        if (value is null)
        {
            return Redact.Marker;
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value), mac);
        return "h:" + Convert.ToHexStringLower(mac[..16]);
    }
}
