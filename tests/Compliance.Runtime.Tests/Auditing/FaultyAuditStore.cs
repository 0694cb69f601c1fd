using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Files;

namespace Compliance.Runtime.Tests.Auditing;

/// <summary>
/// A real file store whose appends can be made to fail (as on a full disk or EIO) or hang (as on a
/// stalled network volume) while opening keeps succeeding.
/// </summary>
internal sealed class FaultyAuditStore(string directory) : IAuditStore, IDisposable
{
    private readonly FileAuditStore _inner = new(directory);
    private volatile bool _failAppends;
    private volatile TaskCompletionSource? _hang;
    private int _failedAppends;

    public bool FailAppends
    {
        get => _failAppends;
        set => _failAppends = value;
    }

    /// <summary>While true, appends wait; setting it back to false lets the waiting append continue.</summary>
    public bool HangAppends
    {
        get => _hang is not null;
        set
        {
            if (value)
            {
                _hang ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            else
            {
                Interlocked.Exchange(ref _hang, null)?.TrySetResult();
            }
        }
    }

    public int FailedAppends => Volatile.Read(ref _failedAppends);

    public ValueTask<AuditChainHead> OpenAsync(string newStreamId, CancellationToken cancellationToken) => _inner.OpenAsync(newStreamId, cancellationToken);

    public async ValueTask AppendAsync(IReadOnlyList<SealedAuditRecord> records, CancellationToken cancellationToken)
    {
        if (_hang is { } hang)
        {
            await hang.Task.WaitAsync(cancellationToken);
        }

        if (_failAppends)
        {
            Interlocked.Increment(ref _failedAppends);
            throw new IOException("No space left on device (injected)");
        }

        await _inner.AppendAsync(records, cancellationToken);
    }

    public ValueTask WriteCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken) =>
        _failAppends ? throw new IOException("No space left on device (injected)") : _inner.WriteCheckpointAsync(checkpoint, cancellationToken);

    public void Dispose() => _inner.Dispose();
}
