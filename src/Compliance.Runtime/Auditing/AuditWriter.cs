using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Compliance.Runtime.Auditing.Chain;
using Compliance.Runtime.Auditing.Infrastructure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Auditing;

/// <summary>
/// The single writer of the chain, behind <see cref="IAuditLog"/> (the only way events reach it).
/// Producers enqueue into a bounded channel that waits when full (never drops); the writer takes
/// everything queued, serialises, chains and seals it, and commits it with one store append (group
/// commit), then acknowledges the waiting producers. It stays running until every other hosted
/// service has stopped (so requests finishing during shutdown are still recorded) and drains the
/// queue before it exits.
/// </summary>
/// <remarks>
/// Availability follows appends, not opens: a store that reopens fine but cannot append (a full
/// disk, EIO) stays unavailable until <see cref="AuditOptions.RecoveryProbeAppends"/> probe records
/// in a row have been committed. A commit that takes longer than
/// <see cref="AuditOptions.AcknowledgementTimeout"/> makes the log unavailable while it lasts, and a
/// writer loop that dies is unavailable for good, so audited endpoints fail closed in every case.
/// </remarks>
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
    private ArrayBufferWriter<byte> _serialized = BatchBuffer.Create();
    private readonly TimeSpan _acknowledgementTimeout;
    private AuditChainHead? _head;
    private long _uncheckpointed;
    private DateTimeOffset _lastCheckpoint;
    private Task? _loop;
    private volatile bool _available = true;
    private volatile bool _dead;
    private bool _recovering;
    private long _storeCallStarted;
    private int _disposed;

    public AuditWriter(IAuditStore store, IOptions<AuditOptions> options, IOptions<ComplianceOptions> complianceOptions, AuditSealKey sealKey, TimeProvider timeProvider, ILogger<AuditWriter>? logger = null)
    {
        _store = store;
        _options = options.Value;
        _serviceName = complianceOptions.Value.ServiceName ?? "unknown";
        _sealKey = sealKey.Key;
        _timeProvider = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _acknowledgementTimeout = _options.AcknowledgementTimeout;
        _channel = Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _lastCheckpoint = timeProvider.GetUtcNow();
    }

    /// <summary>
    /// False after the store failed to open or append (until probe appends succeed again), while a
    /// store call has been running longer than the acknowledgement timeout, and for good once the
    /// writer loop has died; audited endpoints then fail closed.
    /// </summary>
    public bool IsAvailable => _available && !_dead && !IsStalled;

    /// <summary>True once the writer loop has stopped because of an unexpected failure.</summary>
    public bool IsDead => _dead;

    private bool IsStalled
    {
        get
        {
            var started = Volatile.Read(ref _storeCallStarted);
            return started != 0 && Stopwatch.GetElapsedTime(started) > _acknowledgementTimeout;
        }
    }

    public ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) =>
        WriteAsync(auditEvent, AuditDurability.Acknowledged, cancellationToken);

    public async ValueTask WriteAsync(AuditEvent auditEvent, AuditDurability durability, CancellationToken cancellationToken = default)
    {
        // Refuse a malformed event here, in its producer, so it never reaches (and never stops) the writer loop.
        AuditEventValidation.Validate(auditEvent);
        if (_dead)
        {
            throw new AuditStoreUnavailableException("The audit writer has stopped after an internal failure; the record was not written.");
        }

        var acknowledged = durability == AuditDurability.Acknowledged;
        var pending = new PendingEvent(auditEvent, acknowledged ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null);
        if (!_channel.Writer.TryWrite(pending))
        {
            await WaitForRoomAsync(pending).ConfigureAwait(false);
        }

        if (pending.Completion is { } completion)
        {
            try
            {
                await completion.Task.WaitAsync(_acknowledgementTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The record stays queued and is still written if the store recovers; this request fails closed now.
                throw new AuditStoreUnavailableException("The audit store did not acknowledge the record within the acknowledgement timeout.");
            }
        }
    }

    private async ValueTask WaitForRoomAsync(PendingEvent pending)
    {
        // The caller's token is not used: once accepted an event must be written. The wait is bounded all the same.
        using var timeout = new CancellationTokenSource(_acknowledgementTimeout);
        try
        {
            await _channel.Writer.WriteAsync(pending, timeout.Token).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new AuditStoreUnavailableException("The audit log has shut down; the record was not written.");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new AuditStoreUnavailableException("The audit queue stayed full for the acknowledgement timeout; the record was not written.");
        }
    }

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        // Open before the server accepts requests, so a broken store fails closed from the first request.
        if (!await TryOpenAsync(cancellationToken).ConfigureAwait(false))
        {
            MarkFailed();
        }

        _loop = Task.Run(RunGuardedAsync, CancellationToken.None);
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

    /// <summary>
    /// A loop that dies must not do so silently: it marks the log unavailable for good (503, health
    /// check) and fails every waiting producer instead of leaving it hanging.
    /// </summary>
    private async Task RunGuardedAsync()
    {
        try
        {
            await RunAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // Any failure of the loop is reported as unavailability instead of being lost on a background task.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _dead = true;
            _available = false;
            LogWriterDied(_logger, ex.GetType().FullName ?? "unknown");
            _channel.Writer.TryComplete();
            while (_channel.Reader.TryRead(out var pending))
            {
                pending.Completion?.TrySetException(new AuditStoreUnavailableException("The audit writer has stopped after an internal failure; the record was not written."));
                if (pending.Completion is null)
                {
                    LogBufferedRecordLost(_logger);
                }
            }
        }
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<PendingEvent>(_options.MaxBatchSize);
        var retry = new List<PendingEvent>();
        var delay = TimeSpan.FromMilliseconds(100);
        while (!_abandon.IsCancellationRequested)
        {
            if ((_head is null || _recovering) && !await TryRecoverAsync().ConfigureAwait(false))
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

            delay = TimeSpan.FromMilliseconds(100);
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
            }
            catch (Exception ex) when (!_abandon.IsCancellationRequested)
            {
                MarkFailed();
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
                continue;
            }

            foreach (var pending in batch)
            {
                pending.Completion?.TrySetResult();
            }

            await CheckpointAsync(force: false).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reopens the store if needed and, after a failure, proves it can append again: only
    /// <see cref="AuditOptions.RecoveryProbeAppends"/> committed probe records in a row make the
    /// log available. Reopening alone proves nothing (a full disk opens fine).
    /// </summary>
    private async Task<bool> TryRecoverAsync()
    {
        if (_head is null && !await TryOpenAsync(_abandon.Token).ConfigureAwait(false))
        {
            MarkFailed();
            return false;
        }

        if (!_recovering)
        {
            return true;
        }

        var probe = new List<PendingEvent>(1);
        for (var i = 0; i < _options.RecoveryProbeAppends; i++)
        {
            probe.Clear();
            probe.Add(new PendingEvent(AuditEvent.Security(AuditActions.AuditStoreProbe, AuditResult.Success, reason: "recovery_probe"), null));
            try
            {
                await CommitAsync(probe).ConfigureAwait(false);
            }
            catch (Exception ex) when (!_abandon.IsCancellationRequested)
            {
                MarkFailed();
                LogProbeFailed(_logger, ex);
                return false;
            }
        }

        _recovering = false;
        _available = true;
        LogRecovered(_logger, _options.RecoveryProbeAppends);
        return true;
    }

    private void MarkFailed()
    {
        _available = false;
        _recovering = true;
        _head = null;
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
        Volatile.Write(ref _storeCallStarted, Stopwatch.GetTimestamp());
        try
        {
            var newStream = string.IsNullOrWhiteSpace(_options.StreamId) ? Guid.NewGuid().ToString("N")[..16] : _options.StreamId;
            _head = await _store.OpenAsync(newStream, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (!_abandon.IsCancellationRequested)
        {
            _head = null;
            LogOpenFailed(_logger, ex);
            return false;
        }
        finally
        {
            Volatile.Write(ref _storeCallStarted, 0);
        }
    }

    private async Task CommitAsync(List<PendingEvent> batch)
    {
        if (_store is ISharedAuditStore shared)
        {
            await CommitSharedAsync(shared, batch).ConfigureAwait(false);
            return;
        }

        var head = _head!;
        var records = BuildRecords(batch, head, _timeProvider.GetUtcNow());
        if (records.Length == 0)
        {
            return;
        }

        Volatile.Write(ref _storeCallStarted, Stopwatch.GetTimestamp());
        try
        {
            await _store.AppendAsync(records, _abandon.Token).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _storeCallStarted, 0);
        }

        _head = new AuditChainHead(head.StreamId, records[^1].Sequence, records[^1].Hash);
        _uncheckpointed += records.Length;
    }

    /// <summary>
    /// Several instances append to one chain: the head this writer last saw may be stale, so the
    /// records are built inside the store's lock from the head as stored, by whichever instance.
    /// </summary>
    private async Task CommitSharedAsync(ISharedAuditStore shared, List<PendingEvent> batch)
    {
        var now = _timeProvider.GetUtcNow();
        var built = 0;
        Volatile.Write(ref _storeCallStarted, Stopwatch.GetTimestamp());
        AuditChainHead head;
        try
        {
            head = await shared.AppendAsync(_head!.StreamId, stored =>
            {
                var records = BuildRecords(batch, stored, now);
                built = records.Length;
                return records;
            }, _abandon.Token).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _storeCallStarted, 0);
        }

        if (built > 0)
        {
            _head = head;
            _uncheckpointed += built;
        }
    }

    /// <summary>Serialises, chains and HMAC-seals <paramref name="batch"/> as the records continuing <paramref name="head"/>.</summary>
    private SealedAuditRecord[] BuildRecords(List<PendingEvent> batch, AuditChainHead head, DateTimeOffset now)
    {
        var previous = head.Hash ?? AuditChain.Genesis(head.StreamId);
        var sequence = head.Sequence;
        var ends = SerializeBatch(batch, head.StreamId, sequence, now);
        if (batch.Count == 0)
        {
            return [];
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

        return records;
    }

    /// <summary>
    /// Serialises the batch; an event that cannot be serialised fails its own producer and is
    /// removed, and the rest is serialised again (rare, so the common path stays one pass).
    /// </summary>
    private int[] SerializeBatch(List<PendingEvent> batch, string streamId, long sequence, DateTimeOffset now)
    {
        while (true)
        {
            var ends = new int[batch.Count];
            BatchBuffer.Reset(ref _serialized);
            var failed = -1;
            for (var i = 0; i < batch.Count && failed < 0; i++)
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

                try
                {
                    AuditRecordSerializer.Write(_serialized, sequence + i + 1, streamId, now, auditEvent);
                    ends[i] = _serialized.WrittenCount;
                }
#pragma warning disable CA1031 // Whatever the event throws while being serialised, it is that event's failure, not the writer's.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failed = i;

                    // Only the type is logged: the message of an arbitrary exception may quote event values.
                    LogSerializationFailed(_logger, ex.GetType().FullName ?? "unknown");
                }
            }

            if (failed < 0)
            {
                return ends;
            }

            var rejected = batch[failed];
            batch.RemoveAt(failed);
            rejected.Completion?.TrySetException(new ArgumentException("The audit event could not be serialized; it was not written.", "auditEvent"));
        }
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

    [LoggerMessage(EventId = 104, Level = LogLevel.Critical, Message = "The audit writer stopped after an unexpected {ExceptionType}; audited endpoints fail closed until the application restarts.")]
    private static partial void LogWriterDied(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 105, Level = LogLevel.Critical, Message = "A buffered audit record was not written because the audit writer stopped.")]
    private static partial void LogBufferedRecordLost(ILogger logger);

    [LoggerMessage(EventId = 106, Level = LogLevel.Error, Message = "An audit event could not be serialized ({ExceptionType}); its producer was failed and the other records were written.")]
    private static partial void LogSerializationFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 107, Level = LogLevel.Error, Message = "An audit recovery probe could not be appended; the audit log stays unavailable.")]
    private static partial void LogProbeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "The audit store accepted {Count} probe records in a row; the audit log is available again.")]
    private static partial void LogRecovered(ILogger logger, int count);

    private sealed record PendingEvent(AuditEvent Event, TaskCompletionSource? Completion);
}
