using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Encryption;

/// <summary>
/// Reports the key ring's health: <c>Unhealthy</c> when it cannot be loaded, <c>Degraded</c> when
/// the active key is older than <see cref="FieldEncryptionOptions.RotationPeriod"/> or has
/// encrypted more values than random nonces safely allow (2^30 here, well under NIST's 2^32).
/// Registered as <c>compliance-key-rotation</c>. It is <c>Degraded</c> as well while values kept
/// outside entity columns (TOTP secrets) still use a retired key, and <c>Unhealthy</c> when they
/// use a revoked one or when key metadata does not authenticate.
/// </summary>
internal sealed class KeyRotationHealthCheck(KeyRing ring, IOptions<FieldEncryptionOptions> options, TimeProvider time, IEnumerable<IKeyUsageSource> usageSources) : IHealthCheck
{
    public const string Name = "compliance-key-rotation";
    internal const long EncryptionLimit = 1L << 30;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = Check();
        if (result.Status == HealthStatus.Unhealthy)
        {
            return result;
        }

        var data = new Dictionary<string, object>(result.Data);
        string? degraded = null;
        foreach (var source in usageSources)
        {
            IReadOnlyDictionary<uint, int> usage;
            try
            {
                usage = await source.CountByKeyAsync(cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A health check reports failures instead of throwing them.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                return HealthCheckResult.Unhealthy($"Could not read the key usage of {source.Name}.", exception, data);
            }

            var snapshot = ring.Snapshot;
            foreach (var (keyId, count) in usage.OrderBy(static u => u.Key))
            {
                var displayId = keyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
                var state = snapshot.Keys.TryGetValue(keyId, out var entry) ? entry.Info.State : DataKeyState.Revoked;
                if (state == DataKeyState.Revoked)
                {
                    return HealthCheckResult.Unhealthy($"{count} {source.Name} use key {displayId}, which is revoked or unknown: they no longer decrypt. Re-encrypt them with allowRevokedKeys.", data: data);
                }

                if (keyId != snapshot.Active.Info.KeyId)
                {
                    data[$"{source.Name} under {displayId}"] = count;
                    degraded ??= $"{count} {source.Name} still use the retired key {displayId}: re-encrypt them (ITotpService.ReencryptSecretsAsync or ReencryptAsync<ComplianceMfaRecord>) before revoking it.";
                }
            }
        }

        return degraded is null || result.Status == HealthStatus.Degraded ? result : HealthCheckResult.Degraded(degraded, data: data);
    }

    private HealthCheckResult Check()
    {
        KeyRing.RingSnapshot snapshot;
        try
        {
            snapshot = ring.Snapshot;
        }
#pragma warning disable CA1031 // A health check reports failures instead of throwing them.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("The field-encryption key ring could not be loaded.", exception);
        }

        if (snapshot.UnauthenticatedKeyIds.Count > 0)
        {
            var ids = string.Join(", ", snapshot.UnauthenticatedKeyIds.Select(static id => id.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)));
            return HealthCheckResult.Unhealthy(
                $"The metadata of key(s) {ids} does not authenticate: the key store was changed without the key-encryption key. They are treated as revoked. Investigate, and restore the records from a trusted backup.",
                data: new Dictionary<string, object> { ["unauthenticatedKeyIds"] = ids });
        }

        var active = snapshot.Active;
        var age = time.GetUtcNow() - active.Info.CreatedAt;
        var data = new Dictionary<string, object>
        {
            ["activeKeyId"] = active.Info.DisplayId,
            ["activeKeyAgeDays"] = Math.Floor(age.TotalDays),
            ["rotationPeriodDays"] = options.Value.RotationPeriod.TotalDays,
        };
        if (age > options.Value.RotationPeriod)
        {
            return HealthCheckResult.Degraded($"Key rotation is overdue: the active field-encryption key {active.Info.DisplayId} is older than the rotation period. Call IKeyRing.RotateAsync.", data: data);
        }

        if (active.Material.Encryptions > EncryptionLimit)
        {
            return HealthCheckResult.Degraded($"The active field-encryption key {active.Info.DisplayId} has encrypted more than 2^30 values. Rotate it.", data: data);
        }

        return HealthCheckResult.Healthy(data: data);
    }
}
