using System.Threading.RateLimiting;

namespace Compliance.Runtime.RateLimiting;

/// <summary>
/// Exact limiters whose rejections carry the true wait in <see cref="MetadataName.RetryAfter"/>
/// (the built-in sliding window reports none and the fixed window reports the whole period on
/// .NET 10). Both use the injected <see cref="TimeProvider"/>'s monotonic timestamps, so time can be
/// controlled in tests and wall-clock changes do not matter.
/// </summary>
internal abstract class TierLimiter : RateLimiter
{
    private readonly TimeProvider _time;

    protected TierLimiter(TimeProvider time, TimeSpan window)
    {
        _time = time;
        WindowTicks = ToTicks(window);
    }

    protected long WindowTicks { get; }

    protected object Gate { get; } = new();

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (Gate)
            {
                var idleSince = IdleSince();
                var now = Now();
                return idleSince is { } since && since <= now ? TimeSpan.FromSeconds((now - since) / (double)_time.TimestampFrequency) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics() => null;

    protected long Now() => _time.GetTimestamp();

    protected long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    protected TimeSpan ToTimeSpan(long ticks) => TimeSpan.FromSeconds(ticks / (double)_time.TimestampFrequency);

    /// <summary>The timestamp from which the limiter holds no state that matters (all history expired), or null if it still does.</summary>
    protected abstract long? IdleSince();

    protected abstract RateLimitLease Acquire();

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(permitCount, 1);
        return Acquire();
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(permitCount, 1);
        return ValueTask.FromResult(Acquire());
    }

    internal sealed class Lease : RateLimitLease
    {
        public static readonly Lease Acquired = new(null);

        private static readonly string[] RetryAfterNames = [MetadataName.RetryAfter.Name];
        private readonly TimeSpan? _retryAfter;

        private Lease(TimeSpan? retryAfter)
        {
            _retryAfter = retryAfter;
        }

        public override bool IsAcquired => _retryAfter is null;

        public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : RetryAfterNames;

        public static Lease Rejected(TimeSpan retryAfter) => new(retryAfter);

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
}

/// <summary>At most N requests in any window: a ring buffer of the last N accepted timestamps.</summary>
internal sealed class SlidingLogRateLimiter : TierLimiter
{
    private readonly long[] _accepted;
    private int _next;
    private int _count;

    public SlidingLogRateLimiter(TimeProvider time, int permitLimit, TimeSpan window)
        : base(time, window)
    {
        _accepted = new long[permitLimit];
    }

    protected override RateLimitLease Acquire()
    {
        lock (Gate)
        {
            var now = Now();
            if (_count < _accepted.Length)
            {
                Record(now);
                return Lease.Acquired;
            }

            // The buffer is full: _next is the oldest accepted request. It leaves the window at oldest + window.
            var oldest = _accepted[_next];
            var availableAt = oldest + WindowTicks;
            if (availableAt <= now)
            {
                Record(now);
                return Lease.Acquired;
            }

            return Lease.Rejected(ToTimeSpan(availableAt - now));
        }
    }

    protected override long? IdleSince()
    {
        if (_count == 0)
        {
            return long.MinValue / 2;
        }

        var newest = _accepted[(_next - 1 + _accepted.Length) % _accepted.Length];
        var expiresAt = newest + WindowTicks;
        return expiresAt <= Now() ? expiresAt : null;
    }

    private void Record(long now)
    {
        _accepted[_next] = now;
        _next = (_next + 1) % _accepted.Length;
        _count = Math.Min(_count + 1, _accepted.Length);
    }
}

/// <summary>
/// Generic cell rate algorithm with burst N: one "theoretical arrival time" per caller. A request
/// at <c>now</c> passes when <c>tat - now &lt;= window - interval</c> (interval = window / N).
/// </summary>
internal sealed class GcraRateLimiter : TierLimiter
{
    private readonly long _interval;
    private readonly long _tolerance;
    private long _theoreticalArrival = long.MinValue / 2;

    public GcraRateLimiter(TimeProvider time, int permitLimit, TimeSpan window)
        : base(time, window)
    {
        _interval = WindowTicks / permitLimit;
        _tolerance = WindowTicks - _interval;
    }

    protected override RateLimitLease Acquire()
    {
        lock (Gate)
        {
            var now = Now();
            var tat = Math.Max(_theoreticalArrival, now);
            var wait = tat - now - _tolerance;
            if (wait > 0)
            {
                return Lease.Rejected(ToTimeSpan(wait));
            }

            _theoreticalArrival = tat + _interval;
            return Lease.Acquired;
        }
    }

    protected override long? IdleSince() => _theoreticalArrival <= Now() ? _theoreticalArrival : null;
}
