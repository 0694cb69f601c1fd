using System.Buffers;
using System.Threading.Channels;
using Compliance.Runtime.Auditing.Chain;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Auditing;

/// <summary>
/// The single writer of the chain. Producers enqueue into a bounded channel that waits when full
/// (never drops); the writer takes everything queued, serialises, chains and seals it, and commits
/// it with one store append (group commit), then acknowledges the waiting producers. It stays
/// running until every other hosted service has stopped (so requests finishing during shutdown are
/// still recorded) and drains the queue before it exits.
/// </summary>
internal sealed partial class AuditWriter : IAuditLog, IHostedLifecycleService, IAsyncDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DisposeDrainTimeout = TimeSpan.FromSeconds(30);

    private readonly IAuditStore _store;
    private readonly AuditOptions _options;
    private readonly string _serviceName;
    private readonly byte[] _sealKey;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Channel<PendingEvent> _channel;
    private readonly CancellationTokenSource _abandon = new();
    private readonly ArrayBufferWriter<byte> _serialized = new(64 * 1024);
    private AuditChainHead? _head;
    private long _uncheckpointed;
    private DateTimeOffset _lastCheckpoint;
    private Task? _loop;
    private volatile bool _available = true;
    private int _disposed;

    public AuditWriter(IAuditStore store, IOptions<AuditOptions> options, IOptions<ComplianceOptions> complianceOptions, AuditSealKey sealKey, TimeProvider timeProvider, ILogger<AuditWriter>? logger = null)
    {
        _store = store;
        _options = options.Value;
        _serviceName = complianceOptions.Value.ServiceName ?? "unknown";
        _sealKey = sealKey.Key;
        _timeProvider = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _channel = Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _lastCheckpoint = timeProvider.GetUtcNow();
    }

    /// <summary>False after the store failed to open or append, until it works again; audited endpoints then fail closed.</summary>
    public bool IsAvailable => _available;

    public ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) =>
        EnqueueAsync(auditEvent, acknowledged: true, cancellationToken);

    /// <summary>Queues an event; with <paramref name="acknowledged"/> the task completes only once it is durable.</summary>
    public async ValueTask EnqueueAsync(AuditEvent auditEvent, bool acknowledged, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var pending = new PendingEvent(auditEvent, acknowledged ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null);
        if (!_channel.Writer.TryWrite(pending))
        {
            try
            {
                // No cancellation here: once accepted by the caller an event must be written, so producers wait for room.
                await _channel.Writer.WriteAsync(pending, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                throw new AuditStoreUnavailableException("The audit log has shut down; the record was not written.");
            }
        }

        if (pending.Completion is { } completion)
        {
            await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        // Open before the server accepts requests, so a broken store fails closed from the first request.
        await TryOpenAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(RunAsync, CancellationToken.None);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after the server and every other hosted service stopped: drain, checkpoint, close.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        if (_loop is null)
        {
            return;
        }

        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _abandon.CancelAsync().ConfigureAwait(false);
            LogShutdownTimedOut(_logger, _channel.Reader.Count);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The container may dispose this instance once per registration that exposes it.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Disposal without a graceful stop (a host disposed without StopAsync) still drains what was queued.
        _channel.Writer.TryComplete();
        if (_loop is not null)
        {
            try
            {
                await _loop.WaitAsync(DisposeDrainTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogShutdownTimedOut(_logger, _channel.Reader.Count);
            }

            await _abandon.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        (_store as IDisposable)?.Dispose();
        _abandon.Dispose();
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<PendingEvent>(_options.MaxBatchSize);
        var retry = new List<PendingEvent>();
        var delay = TimeSpan.FromMilliseconds(100);
        while (!_abandon.IsCancellationRequested)
        {
            if (_head is null && !await TryOpenAsync(_abandon.Token).ConfigureAwait(false))
            {
                // While the store is down, waiting producers fail fast; buffered events are held (up to the queue's capacity, then producers wait).
                while (retry.Count < _options.QueueCapacity && reader.TryRead(out var queued))
                {
                    if (queued.Completion is null)
                    {
                        retry.Add(queued);
                    }
                    else
                    {
                        queued.Completion.TrySetException(new AuditStoreUnavailableException());
                    }
                }

                await DelayAsync(delay).ConfigureAwait(false);
                delay = Min(delay * 2, MaxRetryDelay);
                if (reader.Completion.IsCompleted && retry.Count == 0)
                {
                    return;
                }

                continue;
            }

            if (retry.Count == 0 && !await WaitForEventsAsync(reader).ConfigureAwait(false))
            {
                await CheckpointAsync(force: true).ConfigureAwait(false);
                return;
            }

            batch.Clear();
            batch.AddRange(retry);
            retry.Clear();
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                await CheckpointAsync(force: false).ConfigureAwait(false);
                continue;
            }

            try
            {
                await CommitAsync(batch).ConfigureAwait(false);
                _available = true;
                delay = TimeSpan.FromMilliseconds(100);
                foreach (var pending in batch)
                {
                    pending.Completion?.TrySetResult();
                }

                await CheckpointAsync(force: false).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.Data.Common.DbException)
            {
                _available = false;
                _head = null;
                LogAppendFailed(_logger, batch.Count, ex);

                // Acknowledged producers learn now (their requests fail closed); buffered events are kept and retried.
                foreach (var pending in batch)
                {
                    if (pending.Completion is null)
                    {
                        retry.Add(pending);
                    }
                }

                FailAcknowledged(batch);
            }
        }
    }

    private async Task<bool> WaitForEventsAsync(ChannelReader<PendingEvent> reader)
    {
        if (_uncheckpointed == 0)
        {
            return await reader.WaitToReadAsync(_abandon.Token).ConfigureAwait(false);
        }

        // Records are waiting for a checkpoint: wake up when its interval elapses even if nothing arrives.
        var due = _lastCheckpoint + _options.CheckpointInterval - _timeProvider.GetUtcNow();
        if (due <= TimeSpan.Zero)
        {
            return true;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abandon.Token);
        timeout.CancelAfter(due);
        try
        {
            return await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_abandon.IsCancellationRequested)
        {
            return true;
        }
    }

    private async Task<bool> TryOpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            var newStream = string.IsNullOrWhiteSpace(_options.StreamId) ? Guid.NewGuid().ToString("N")[..16] : _options.StreamId;
            _head = await _store.OpenAsync(newStream, cancellationToken).ConfigureAwait(false);
            _available = true;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.Data.Common.DbException)
        {
            _available = false;
            _head = null;
            LogOpenFailed(_logger, ex);
            return false;
        }
    }

    private async Task CommitAsync(List<PendingEvent> batch)
    {
        var head = _head!;
        var now = _timeProvider.GetUtcNow();
        var previous = head.Hash ?? AuditChain.Genesis(head.StreamId);
        var sequence = head.Sequence;
        var ends = new int[batch.Count];
        _serialized.ResetWrittenCount();
        for (var i = 0; i < batch.Count; i++)
        {
            var auditEvent = batch[i].Event;
            if (auditEvent.OccurredAt == default || auditEvent.Service is null)
            {
                auditEvent = auditEvent with
                {
                    OccurredAt = auditEvent.OccurredAt == default ? now : auditEvent.OccurredAt,
                    Service = auditEvent.Service ?? _serviceName,
                };
            }

            AuditRecordSerializer.Write(_serialized, sequence + i + 1, head.StreamId, now, auditEvent);
            ends[i] = _serialized.WrittenCount;
        }

        var all = _serialized.WrittenMemory.ToArray().AsMemory();
        var records = new SealedAuditRecord[batch.Count];
        var start = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var content = all[start..ends[i]];
            var hash = AuditChain.Next(previous, content.Span);
            records[i] = new SealedAuditRecord(sequence + i + 1, content, hash, _options.SealKeyId, AuditChain.Seal(_sealKey, hash));
            previous = hash;
            start = ends[i];
        }

        await _store.AppendAsync(records, _abandon.Token).ConfigureAwait(false);
        _head = new AuditChainHead(head.StreamId, sequence + batch.Count, previous);
        _uncheckpointed += batch.Count;
    }

    private async Task CheckpointAsync(bool force)
    {
        var now = _timeProvider.GetUtcNow();
        if (_head is not { Hash: { } hash } head || _uncheckpointed == 0
            || (!force && _uncheckpointed < _options.CheckpointEveryRecords && now - _lastCheckpoint < _options.CheckpointInterval))
        {
            return;
        }

        try
        {
            var seal = AuditChain.SealCheckpoint(_sealKey, head.StreamId, head.Sequence, hash);
            await _store.WriteCheckpointAsync(new AuditCheckpoint(head.StreamId, head.Sequence, hash, now, _options.SealKeyId, seal), _abandon.Token).ConfigureAwait(false);
            _uncheckpointed = 0;
            _lastCheckpoint = now;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            LogCheckpointFailed(_logger, ex);
        }
    }

    private static void FailAcknowledged(List<PendingEvent> events)
    {
        foreach (var pending in events)
        {
            pending.Completion?.TrySetException(new AuditStoreUnavailableException());
        }
    }

    private async Task DelayAsync(TimeSpan delay)
    {
        try
        {
            // Wake early when shutdown completes the queue, so a stop does not wait out the back-off.
            var wait = Task.Delay(delay, _abandon.Token);
            var completion = _channel.Reader.Completion;
            await (completion.IsCompleted ? wait : Task.WhenAny(wait, completion)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(EventId = 100, Level = LogLevel.Critical, Message = "The audit store could not be opened; audited endpoints fail closed until it recovers.")]
    private static partial void LogOpenFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 101, Level = LogLevel.Critical, Message = "Appending {Count} audit records failed; acknowledged requests fail closed and buffered records are retried.")]
    private static partial void LogAppendFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Writing an audit checkpoint failed; it is retried with the next records.")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Critical, Message = "Shutdown timed out with {Count} audit records still queued; they were not written.")]
    private static partial void LogShutdownTimedOut(ILogger logger, int count);

    private sealed record PendingEvent(AuditEvent Event, TaskCompletionSource? Completion);
}

/// <summary>The loaded seal key (kept out of options so it is read once and never logged).</summary>
internal sealed class AuditSealKey(byte[] key)
{
    public byte[] Key { get; } = key;
}
