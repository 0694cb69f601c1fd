using System.Diagnostics;
using System.Threading.RateLimiting;
using Compliance.Runtime.RateLimiting;
using StackExchange.Redis;

namespace Compliance.Runtime.Redis;

/// <summary>
/// Tier limiters whose state lives in Redis, one Lua script per decision, so the check and the
/// update are one atomic step across every instance. The algorithms and the exact
/// <see cref="MetadataName.RetryAfter"/> are those of the in-process limiters; time is the
/// application's <see cref="TimeProvider"/> wall clock in milliseconds (keep the instances' clocks
/// synchronised, as for any cookie or token lifetime).
/// </summary>
internal sealed class RedisTierLimiterFactory(RedisConnection connection, RedisSharedSecret secret, TimeProvider time) : ITierLimiterFactory
{
    // The last N accepted requests, as a sorted set scored by time: at most N in any window.
    // KEYS[1] the log; ARGV now (ms), window (ms), limit, a unique member. Returns {admitted, retry-after ms}.
    internal const string SlidingLogScript = """
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local limit = tonumber(ARGV[3])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        if redis.call('ZCARD', KEYS[1]) < limit then
          redis.call('ZADD', KEYS[1], now, ARGV[4])
          redis.call('PEXPIRE', KEYS[1], window)
          return {1, 0}
        end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        return {0, tonumber(oldest[2]) + window - now}
        """;

    // Generic cell rate algorithm: one theoretical arrival time per partition.
    // KEYS[1] the TAT; ARGV now (ms), interval (ms), tolerance (ms). Returns {admitted, retry-after ms}.
    internal const string GcraScript = """
        local now = tonumber(ARGV[1])
        local interval = tonumber(ARGV[2])
        local tolerance = tonumber(ARGV[3])
        local tat = tonumber(redis.call('GET', KEYS[1])) or now
        if tat < now then tat = now end
        local wait = tat - now - tolerance
        if wait > 0 then return {0, wait} end
        local arrival = tat + interval
        redis.call('SET', KEYS[1], string.format('%.0f', arrival), 'PX', string.format('%.0f', arrival - now))
        return {1, 0}
        """;

    public RateLimiter Create(RateLimitTier tier, string partition, RateLimitAlgorithm algorithm, RateLimitTierOptions limit) =>
        new RedisTierLimiter(this, tier, partition, algorithm, limit);

    internal async ValueTask<RateLimitLease> AcquireAsync(RateLimitTier tier, string partition, RateLimitAlgorithm algorithm, RateLimitTierOptions limit, CancellationToken cancellationToken)
    {
        var key = await secret.NameAsync("rl:" + tier, partition, cancellationToken).ConfigureAwait(false);
        var database = await connection.DatabaseAsync().ConfigureAwait(false);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var window = WindowMilliseconds(limit);
        RedisResult result;
        if (algorithm == RateLimitAlgorithm.SlidingLog)
        {
            result = await database.ScriptEvaluateAsync(SlidingLogScript, [key + ":log"], [now, window, limit.PermitLimit, Guid.NewGuid().ToString("N")]).ConfigureAwait(false);
        }
        else
        {
            var interval = Math.Max(1, window / limit.PermitLimit);
            result = await database.ScriptEvaluateAsync(GcraScript, [key + ":gcra"], [now, interval, window - interval]).ConfigureAwait(false);
        }

        var values = (RedisResult[])result!;
        return (long)values[0] == 1
            ? RedisLease.Acquired
            : RedisLease.Rejected(TimeSpan.FromMilliseconds(Math.Max(1, (long)values[1])));
    }

    internal static long WindowMilliseconds(RateLimitTierOptions limit) => (long)Math.Ceiling(limit.Window.TotalMilliseconds);
}

/// <summary>
/// The limiter of one partition. It holds no count itself: <see cref="RateLimiter.AttemptAcquire"/>
/// cannot wait for Redis, so it declines and the rate-limiting middleware goes on to
/// <see cref="RateLimiter.AcquireAsync"/>, which asks Redis. Idle once unused for a moment, so the
/// partitioned limiter drops it from memory.
/// </summary>
internal sealed class RedisTierLimiter(RedisTierLimiterFactory factory, RateLimitTier tier, string partition, RateLimitAlgorithm algorithm, RateLimitTierOptions limit) : RateLimiter
{
    private long _lastUsed = Stopwatch.GetTimestamp();

    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Volatile.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(permitCount, 1);
        return RedisLease.Undecided;
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(permitCount, 1);
        Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());
        return await factory.AcquireAsync(tier, partition, algorithm, limit, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>A decision of Redis, carrying the exact wait when it is a rejection.</summary>
internal sealed class RedisLease : RateLimitLease
{
    public static readonly RedisLease Acquired = new(true, null);

    /// <summary>Not acquired, no wait: the synchronous attempt, which never asks Redis.</summary>
    public static readonly RedisLease Undecided = new(false, null);

    private static readonly string[] RetryAfterNames = [MetadataName.RetryAfter.Name];
    private readonly bool _acquired;
    private readonly TimeSpan? _retryAfter;

    private RedisLease(bool acquired, TimeSpan? retryAfter)
    {
        _acquired = acquired;
        _retryAfter = retryAfter;
    }

    public override bool IsAcquired => _acquired;

    public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : RetryAfterNames;

    public static RedisLease Rejected(TimeSpan retryAfter) => new(false, retryAfter);

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (_retryAfter is { } retryAfter && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = retryAfter;
            return true;
        }

        metadata = null;
        return false;
    }
}
