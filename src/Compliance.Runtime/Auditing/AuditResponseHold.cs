using System.Buffers;

namespace Compliance.Runtime.Auditing;

/// <summary>
/// The response body of an audited request while its record is not yet durable: bytes are kept
/// (up to a bound, in pooled arrays) instead of going to the client. When the bound is reached the
/// record is written first (<see cref="ReleaseAsync"/>), so a large body never grows memory and
/// never leaves before its record.
/// </summary>
internal sealed class AuditResponseHold : Stream
{
    private readonly Stream _inner;
    private readonly int _limit;
    private readonly Func<AuditResponseHold, Task> _beforeRelease;
    private byte[] _buffer = [];
    private int _length;
    private bool _released;

    public AuditResponseHold(Stream inner, int limit, Func<AuditResponseHold, Task> beforeRelease)
    {
        _inner = inner;
        _limit = limit;
        _beforeRelease = beforeRelease;
    }

    /// <summary>True once the record was written because the body reached the bound, and bytes now pass through.</summary>
    public bool Released => _released;

    /// <summary>True when writing the record before releasing failed: nothing reached the client.</summary>
    public bool ReleaseFailed { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!_released && _length + buffer.Length <= _limit)
        {
            Append(buffer);
            return;
        }

        // Only reachable when the application enabled synchronous I/O; the record is still written first.
        var copy = buffer.ToArray();
        WriteAsync(copy, CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_released)
        {
            if (_length + buffer.Length <= _limit)
            {
                Append(buffer.Span);
                return;
            }

            await ReleaseAsync(cancellationToken).ConfigureAwait(false);
        }

        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Held bytes are not flushed to the client: that is the point.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _released ? _inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Writes the held bytes to the client, after the record is durable.</summary>
    public async Task CopyHeldBytesAsync(CancellationToken cancellationToken)
    {
        if (_length > 0)
        {
            await _inner.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
        }

        ReturnBuffer();
    }

    /// <summary>Drops the held bytes (the record failed; the client gets a 503 instead).</summary>
    public void Discard() => ReturnBuffer();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReturnBuffer();
        }

        base.Dispose(disposing);
    }

    private async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _beforeRelease(this).ConfigureAwait(false);
        }
        catch
        {
            ReleaseFailed = true;
            throw;
        }

        _released = true;
        await CopyHeldBytesAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_length + data.Length > _buffer.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Min(_limit, Math.Max(_length + data.Length, Math.Max(4096, _buffer.Length * 2))));
            _buffer.AsSpan(0, _length).CopyTo(grown);
            ReturnBuffer(keepLength: true);
            _buffer = grown;
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }

    private void ReturnBuffer(bool keepLength = false)
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = [];
        if (!keepLength)
        {
            _length = 0;
        }
    }
}
