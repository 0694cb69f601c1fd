using Compliance.Runtime.Encryption;

namespace Compliance.Runtime.Mfa;

/// <summary>Reports which keys the stored TOTP secrets use, for the key health check.</summary>
internal sealed class MfaKeyUsageSource(IMfaStore store) : IKeyUsageSource
{
    public string Name => "MFA secrets";

    public async Task<IReadOnlyDictionary<uint, int>> CountByKeyAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<uint, int>();
        await foreach (var record in store.GetAllAsync(cancellationToken).ConfigureAwait(false))
        {
            // Only the header is read; nothing is decrypted.
            if (FieldEnvelope.TryReadKeyId(record.EncryptedSecret, out var keyId))
            {
                counts[keyId] = counts.GetValueOrDefault(keyId) + 1;
            }
        }

        return counts;
    }
}
