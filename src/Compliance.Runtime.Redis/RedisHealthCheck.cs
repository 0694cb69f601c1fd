using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Compliance.Runtime.Redis;

/// <summary>
/// Reports Redis: <c>Unhealthy</c> while it does not answer a PING, because rate-limited and
/// session-authenticated requests then answer 503. Registered as <c>compliance-redis</c>. The
/// description never carries the configuration (it may hold a password).
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection connection) : IHealthCheck
{
    public const string Name = "compliance-redis";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var database = await connection.DatabaseAsync().ConfigureAwait(false);
            var latency = await database.PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Redis answered in {latency.TotalMilliseconds:0.#} ms."));
        }
        catch (Exception exception) when (RedisFailures.IsRedisFailure(exception) || exception is TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Redis is unreachable ({exception.GetType().Name}); rate-limited and session-authenticated requests answer 503 until it is back.");
        }
    }
}
