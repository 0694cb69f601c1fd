using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Encryption;

/// <summary>
/// Reports the key ring's health: <c>Unhealthy</c> when it cannot be loaded, <c>Degraded</c> when
/// the active key is older than <see cref="FieldEncryptionOptions.RotationPeriod"/> or has
/// encrypted more values than random nonces safely allow (2^30 here, well under NIST's 2^32).
/// Registered as <c>compliance-key-rotation</c>.
/// </summary>
internal sealed class KeyRotationHealthCheck(KeyRing ring, IOptions<FieldEncryptionOptions> options, TimeProvider time) : IHealthCheck
{
    public const string Name = "compliance-key-rotation";
    internal const long EncryptionLimit = 1L << 30;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
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
            return Task.FromResult(HealthCheckResult.Unhealthy("The field-encryption key ring could not be loaded.", exception));
        }

        if (snapshot.UnauthenticatedKeyIds.Count > 0)
        {
            var ids = string.Join(", ", snapshot.UnauthenticatedKeyIds.Select(static id => id.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)));
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"The metadata of key(s) {ids} does not authenticate: the key store was changed without the key-encryption key. They are treated as revoked. Investigate, and restore the records from a trusted backup.",
                data: new Dictionary<string, object> { ["unauthenticatedKeyIds"] = ids }));
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
            return Task.FromResult(HealthCheckResult.Degraded($"Key rotation is overdue: the active field-encryption key {active.Info.DisplayId} is older than the rotation period. Call IKeyRing.RotateAsync.", data: data));
        }

        if (active.Material.Encryptions > EncryptionLimit)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"The active field-encryption key {active.Info.DisplayId} has encrypted more than 2^30 values. Rotate it.", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy(data: data));
    }
}
