using System.Security.Cryptography;

namespace Compliance.Runtime.Auditing;

/// <summary>
/// The keys a verifier checks seals with, selected by the <c>seal_kid</c> stored with every seal, so
/// a log written across a key rotation verifies as a whole. A key id maps either to an HMAC-SHA256
/// secret (whoever holds it can also forge seals) or to an ECDSA P-256 public key (whoever holds it
/// can only verify).
/// </summary>
public sealed class AuditSealKeySet : IDisposable
{
    private readonly Dictionary<string, byte[]> _hmacKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ECDsa> _publicKeys = new(StringComparer.Ordinal);
    private byte[]? _anyKeyId;

    /// <summary>
    /// A set holding one HMAC key used whatever key id a seal names: the behaviour of a single key
    /// for logs that were never rotated.
    /// </summary>
    /// <param name="key">The HMAC key, at least 32 bytes.</param>
    /// <returns>The set.</returns>
    public static AuditSealKeySet ForAnyKeyId(byte[] key)
    {
        ValidateHmacKey(key);
        return new AuditSealKeySet { _anyKeyId = key.ToArray() };
    }

    /// <summary>Adds an HMAC-SHA256 seal key.</summary>
    /// <param name="keyId">The key id written as <c>seal_kid</c>.</param>
    /// <param name="key">The key, at least 32 bytes.</param>
    /// <returns>This set.</returns>
    public AuditSealKeySet AddHmacKey(string keyId, byte[] key)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ValidateHmacKey(key);
        EnsureNew(keyId);
        _hmacKeys[keyId] = key.ToArray();
        return this;
    }

    /// <summary>Adds an ECDSA P-256 public key that verifies asymmetric seals.</summary>
    /// <param name="keyId">The key id written as <c>seal_kid</c>.</param>
    /// <param name="publicKeyPem">The public key in PEM (<c>BEGIN PUBLIC KEY</c>); a private key is accepted and only its public part is kept.</param>
    /// <returns>This set.</returns>
    public AuditSealKeySet AddPublicKeyPem(string keyId, string publicKeyPem)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentException.ThrowIfNullOrEmpty(publicKeyPem);
        EnsureNew(keyId);
        using var imported = ECDsa.Create();
        try
        {
            imported.ImportFromPem(publicKeyPem);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException("The seal public key is not a PEM-encoded EC key.", ex);
        }

        // Keep only the public part: a verifier never needs, and should never hold, the signing key.
        var parameters = imported.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new FormatException("The seal public key must be on the P-256 curve.");
        }

        _publicKeys[keyId] = ECDsa.Create(parameters);
        return this;
    }

    /// <summary>The key ids in the set (never the keys).</summary>
    public IEnumerable<string> KeyIds => _hmacKeys.Keys.Concat(_publicKeys.Keys);

    /// <summary>Releases the public keys.</summary>
    public void Dispose()
    {
        foreach (var key in _publicKeys.Values)
        {
            key.Dispose();
        }

        _publicKeys.Clear();
    }

    /// <summary>Checks a seal over <paramref name="input"/>; <paramref name="known"/> is false when no key has the id.</summary>
    internal bool Verify(string? keyId, ReadOnlySpan<byte> input, ReadOnlySpan<byte> seal, out bool known)
    {
        known = true;
        if (keyId is not null && _publicKeys.TryGetValue(keyId, out var publicKey))
        {
            return seal.Length == 64 && publicKey.VerifyData(input, seal, HashAlgorithmName.SHA256);
        }

        var hmacKey = keyId is not null && _hmacKeys.TryGetValue(keyId, out var byId) ? byId : _anyKeyId;
        if (hmacKey is null)
        {
            known = false;
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(hmacKey, input, expected);
        return CryptographicOperations.FixedTimeEquals(expected, seal);
    }

    private static void ValidateHmacKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < SealKeys.MinimumLength)
        {
            throw new ArgumentException("A seal key must be at least 32 bytes.", nameof(key));
        }
    }

    private void EnsureNew(string keyId)
    {
        if (_hmacKeys.ContainsKey(keyId) || _publicKeys.ContainsKey(keyId))
        {
            throw new ArgumentException($"The seal key id '{keyId}' is given twice.", nameof(keyId));
        }
    }
}
