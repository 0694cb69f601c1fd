using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace Compliance.Runtime.Auditing;

/// <summary>
/// Turns floods of rejections (429s, 400s, 413s) into one record per partition and window instead
/// of one per request: an attacker who can make the server refuse requests must not be able to
/// grow a six-year, undeletable trail at request rate. The first rejection of a partition in a
/// window opens a bucket; the bucket is written, with <see cref="AuditEvent.Count"/> and the
/// first request's details, when its window has passed (checked by a timer, by the next
/// rejection of the same partition, and at shutdown). The number of open buckets is bounded: past
/// it, rejections of new partitions share one overflow bucket per action.
/// </summary>
internal sealed class AuditRejectionAggregator : IHostedService, IAsyncDisposable
{
    internal const int MaxBuckets = 10_000;
    internal const string OverflowPartition = "overflow";

    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly long _windowTicks;
    private readonly ConcurrentDictionary<BucketKey, Bucket> _buckets = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private ITimer? _timer;
    private int _open;

    public AuditRejectionAggregator(IAuditLog audit, TimeProvider time)
        : this(audit, time, TimeSpan.FromMinutes(1))
    {
    }

    internal AuditRejectionAggregator(IAuditLog audit, TimeProvider time, TimeSpan window)
    {
        _audit = audit;
        _time = time;
        _windowTicks = window.Ticks;
    }

    /// <summary>Counts <paramref name="rejection"/> in the bucket of <paramref name="partition"/> (a key free of client-chosen text).</summary>
    public ValueTask RecordAsync(AuditEvent rejection, string partition)
    {
        if (ReferenceEquals(_audit, NullAuditLog.Instance))
        {
            return ValueTask.CompletedTask;
        }

        var now = _time.GetUtcNow().UtcTicks;
        var window = now - (now % _windowTicks);
        var key = new BucketKey(rejection.Action, rejection.Outcome.HttpStatus ?? 0, rejection.Request?.RouteTemplate, partition);
        AuditEvent? closed = null;
        while (true)
        {
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                // The open-bucket count is kept by hand: ConcurrentDictionary.Count takes every lock, too costly in a flood.
                if (Volatile.Read(ref _open) >= MaxBuckets && key.Partition != OverflowPartition)
                {
                    key = key with { Route = null, Partition = OverflowPartition };
                    continue;
                }

                if (_buckets.TryAdd(key, new Bucket(window, now, rejection)))
                {
                    Interlocked.Increment(ref _open);
                    break;
                }

                continue;
            }

            lock (bucket)
            {
                if (bucket.Removed)
                {
                    continue;
                }

                if (bucket.Window != window)
                {
                    // The bucket's window has passed: write it and start this window's count.
                    closed = bucket.Close();
                    bucket.Reset(window, now, rejection);
                }
                else
                {
                    bucket.Add(rejection);
                }

                break;
            }
        }

        return closed is null ? ValueTask.CompletedTask : _audit.WriteAsync(closed, AuditDurability.Buffered);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromTicks(Math.Max(_windowTicks / 4, TimeSpan.TicksPerSecond));
        _timer = _time.CreateTimer(static state => _ = ((AuditRejectionAggregator)state!).FlushAsync(all: false), this, period, period);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        await FlushAsync(all: true).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        // A host disposed without a graceful stop still records what was counted; the container
        // disposes this before the writer it depends on, and the writer drains its queue.
        await FlushAsync(all: true).ConfigureAwait(false);
    }

    /// <summary>Writes every bucket whose window has passed, or every bucket with <paramref name="all"/>.</summary>
    internal async Task FlushAsync(bool all)
    {
        if (all)
        {
            await _flushing.WaitAsync().ConfigureAwait(false);
        }
        else if (!await _flushing.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            // A final flush writes everything and needs no clock: shutdown must not depend on it.
            var now = all ? long.MaxValue : _time.GetUtcNow().UtcTicks;
            foreach (var (key, bucket) in _buckets)
            {
                AuditEvent? closed;
                lock (bucket)
                {
                    if (bucket.Removed || (!all && bucket.Window + _windowTicks > now))
                    {
                        continue;
                    }

                    closed = bucket.Close();
                    bucket.Removed = true;
                    if (_buckets.TryRemove(new KeyValuePair<BucketKey, Bucket>(key, bucket)))
                    {
                        Interlocked.Decrement(ref _open);
                    }
                }

                try
                {
                    await _audit.WriteAsync(closed, AuditDurability.Buffered).ConfigureAwait(false);
                }
                catch (AuditStoreUnavailableException)
                {
                    // The writer has shut down; nothing else can record it.
                }
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    private readonly record struct BucketKey(string Action, int Status, string? Route, string Partition);

    private sealed class Bucket
    {
        private readonly SortedSet<string> _fields = new(StringComparer.Ordinal);

        public Bucket(long window, long firstAt, AuditEvent first)
        {
            Reset(window, firstAt, first);
        }

        public long Window { get; private set; }

        public long FirstAt { get; private set; }

        public AuditEvent First { get; private set; } = null!;

        public int Count { get; private set; }

        public bool Removed { get; set; }

        public void Add(AuditEvent rejection)
        {
            Count++;
            foreach (var field in rejection.Fields ?? [])
            {
                // One more than fits, so the record's bounded list says that some were left out.
                if (_fields.Count > AuditLimits.MaxFields)
                {
                    break;
                }

                _fields.Add(field);
            }
        }

        public void Reset(long window, long firstAt, AuditEvent first)
        {
            Window = window;
            FirstAt = firstAt;
            First = first;
            Count = 0;
            _fields.Clear();
            Add(first);
        }

        public AuditEvent Close() => First with
        {
            EventId = Guid.CreateVersion7(),
            OccurredAt = new DateTimeOffset(FirstAt, TimeSpan.Zero),
            Count = Count,
            Fields = _fields.Count == 0 ? null : _fields.ToArray(),
        };
    }
}
