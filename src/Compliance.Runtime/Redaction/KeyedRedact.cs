using System.Security.Cryptography;
using System.Text;

namespace Compliance.Runtime;

/// <summary>
/// <see cref="Redact"/> with a key of its own: the marker and keyed pseudonyms (HMAC-SHA256) under
/// one application's hash key. <c>AddRedaction()</c> registers one per application (key from
/// <c>Compliance:Redaction:HashKey</c> / <c>HashKeyFile</c>, else random per application). Inject it
/// where several applications (or test hosts) share a process: the static <see cref="Redact.Hash"/>
/// has one process-wide key, the last one configured.
/// </summary>
/// <remarks>
/// Not a <c>Microsoft.Extensions.Compliance.Redaction.Redactor</c>, and named apart from it, so
/// code that imports both namespaces can name the platform's redactor without an alias.
/// </remarks>
public sealed class KeyedRedact
{
    private readonly byte[] _key;

    /// <summary>Keyed redaction over a copy of <paramref name="hashKey"/>.</summary>
    /// <param name="hashKey">At least 32 bytes, from a secret store.</param>
    public KeyedRedact(ReadOnlySpan<byte> hashKey)
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
#pragma warning disable CA1822 // An instance method, so that code can use one injected instance for both forms.
    public string Value(object? value) => Redact.Marker;
#pragma warning restore CA1822

    /// <summary>A keyed pseudonym of <paramref name="value"/>, like <see cref="Redact.Hash"/>, under this instance's key.</summary>
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
