using System.Security.Cryptography;

namespace Compliance.Runtime.Auditing.Chain;

/// <summary>
/// Produces seals: HMAC-SHA256 under a shared secret, or ECDSA P-256 (SHA-256, IEEE P1363 encoding)
/// under a private key whose public half is all a verifier needs. The sealed input is the same for
/// both: a record's chain hash, or a checkpoint's input (see <see cref="AuditChain"/>).
/// </summary>
internal abstract class AuditSealer : IDisposable
{
    protected AuditSealer(string keyId)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        KeyId = keyId;
    }

    public string KeyId { get; }

    /// <summary>Whether the writer's own HMAC seals are these seals (false for signatures, which replace them).</summary>
    public abstract bool IsHmac { get; }

    public abstract byte[] Seal(ReadOnlySpan<byte> input);

    /// <summary>The key set that verifies these seals under <see cref="KeyId"/>.</summary>
    public abstract AuditSealKeySet VerificationKeys();

    /// <summary>Adds the key that verifies these seals to <paramref name="keys"/>, under <see cref="KeyId"/> only.</summary>
    public abstract void AddVerificationKey(AuditSealKeySet keys);

    public virtual void Dispose()
    {
    }
}

internal sealed class HmacAuditSealer(string keyId, byte[] key) : AuditSealer(keyId)
{
    public override bool IsHmac => true;

    public override byte[] Seal(ReadOnlySpan<byte> input) => HMACSHA256.HashData(key, input);

    // A single HMAC key verifies whatever kid older records carry, as before key sets existed.
    public override AuditSealKeySet VerificationKeys() => AuditSealKeySet.ForAnyKeyId(key);

    public override void AddVerificationKey(AuditSealKeySet keys) => keys.AddHmacKey(KeyId, key);
}

internal sealed class EcdsaAuditSealer : AuditSealer
{
    private readonly ECDsa _privateKey;

    public EcdsaAuditSealer(string keyId, string privateKeyPem)
        : base(keyId)
    {
        _privateKey = ECDsa.Create();
        try
        {
            _privateKey.ImportFromPem(privateKeyPem);
            var parameters = _privateKey.ExportParameters(includePrivateParameters: false);
            if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new InvalidOperationException("The audit seal private key must be an EC key on the P-256 curve.");
            }
        }
        catch (ArgumentException ex)
        {
            _privateKey.Dispose();
            throw new InvalidOperationException("The audit seal private key is not a PEM-encoded EC private key.", ex);
        }
        catch (CryptographicException ex)
        {
            _privateKey.Dispose();
            throw new InvalidOperationException("The audit seal private key is not a PEM-encoded EC private key.", ex);
        }
    }

    public override bool IsHmac => false;

    public override byte[] Seal(ReadOnlySpan<byte> input) => _privateKey.SignData(input, HashAlgorithmName.SHA256);

    public override AuditSealKeySet VerificationKeys() =>
        new AuditSealKeySet().AddPublicKeyPem(KeyId, _privateKey.ExportSubjectPublicKeyInfoPem());

    public override void AddVerificationKey(AuditSealKeySet keys) => keys.AddPublicKeyPem(KeyId, _privateKey.ExportSubjectPublicKeyInfoPem());

    public override void Dispose() => _privateKey.Dispose();
}
