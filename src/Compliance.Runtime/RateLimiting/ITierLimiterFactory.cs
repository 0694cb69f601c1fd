using System.Security.Cryptography;
using System.Threading.RateLimiting;

namespace Compliance.Runtime.RateLimiting;

/// <summary>
/// Creates the limiter of one tier partition (a tier and a caller or account). The default keeps
/// the counts in process; a shared store (Compliance.Runtime.Redis) replaces it so that every
/// instance counts against the same limit.
/// </summary>
internal interface ITierLimiterFactory
{
    /// <param name="tier">The tier.</param>
    /// <param name="partition">The caller (<c>user:…</c>, <c>ip:…</c>) or account (<c>account:…</c>) the limit is about.</param>
    /// <param name="algorithm">How the tier counts.</param>
    /// <param name="limit">The tier's limit.</param>
    RateLimiter Create(RateLimitTier tier, string partition, RateLimitAlgorithm algorithm, RateLimitTierOptions limit);
}

/// <summary>Counts in this process: exact per instance, so N instances admit N times the limit.</summary>
internal sealed class InProcessTierLimiterFactory(TimeProvider time) : ITierLimiterFactory
{
    public RateLimiter Create(RateLimitTier tier, string partition, RateLimitAlgorithm algorithm, RateLimitTierOptions limit) =>
        algorithm == RateLimitAlgorithm.SlidingLog
            ? new SlidingLogRateLimiter(time, limit.PermitLimit, limit.Window)
            : new GcraRateLimiter(time, limit.PermitLimit, limit.Window);
}

/// <summary>
/// The key of the hash that turns a submitted user name into an account partition. Instances that
/// share their limits must share this key too, or the same account gets a different partition on
/// each instance.
/// </summary>
internal interface IAccountPartitionSecret
{
    /// <summary>The key (32 bytes).</summary>
    ValueTask<byte[]> GetAsync(CancellationToken cancellationToken);
}

/// <summary>A random key per process: partitions live in this process's memory only, so no other process needs it.</summary>
internal sealed class ProcessAccountPartitionSecret : IAccountPartitionSecret
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public ValueTask<byte[]> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_key);
}
