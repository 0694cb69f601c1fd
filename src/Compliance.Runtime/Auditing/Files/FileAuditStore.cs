using System.Buffers;
using Compliance.Runtime.Auditing.Chain;
using Compliance.Runtime.Auditing.Infrastructure;

namespace Compliance.Runtime.Auditing.Files;

/// <summary>
/// The embedded default store: append-only JSON Lines files in one directory, rotated by size and
/// by UTC day, each batch written with one write and one fsync (group commit). A lock file keeps a
/// second writer out. After a crash the partly written final line is left for the verifier to
/// report and appends continue in a new file, so the evidence is never rewritten. The directory and
/// files are created owner-only on Unix (0700 and 0600): the trail names patients' records.
/// </summary>
public sealed class FileAuditStore : IAuditStore, IAuditCheckpointSource, IDisposable
{
    private readonly string _directory;
    private readonly long _maxFileSize;
    private readonly TimeProvider _timeProvider;
    private ArrayBufferWriter<byte> _buffer = BatchBuffer.Create();
    private FileStream? _lock;
    private FileStream? _current;
    private DateOnly _currentDay;
    private int _lastFileNumber;
    private bool _startNewFile;

    /// <summary>The batch buffer's current size, for tests of its release after a large batch.</summary>
    internal int BatchBufferCapacity => _buffer.Capacity;

    /// <summary>Creates a store over <paramref name="directory"/>.</summary>
    /// <param name="directory">The directory holding the log; created when missing.</param>
    /// <param name="maxFileSize">A new file is started when the current one would exceed this size.</param>
    /// <param name="timeProvider">The clock deciding the UTC day of a file.</param>
    public FileAuditStore(string directory, long maxFileSize = 64L * 1024 * 1024, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = Path.GetFullPath(directory);
        _maxFileSize = maxFileSize;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The full path of the log directory.</summary>
    public string DirectoryPath => _directory;

    /// <inheritdoc />
    public ValueTask<AuditChainHead> OpenAsync(string newStreamId, CancellationToken cancellationToken)
    {
        CloseCurrent();
        AuditFileFormat.CreateDirectory(_directory);
        _lock ??= AuditFileFormat.Open(Path.Combine(_directory, AuditFileFormat.LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var files = AuditFileFormat.ListFiles(_directory);
        _lastFileNumber = files.Count == 0 ? 0 : files[^1].Number;
        _startNewFile = true;
        AuditChainHead? head = null;
        for (var i = files.Count - 1; i >= 0 && head is null; i--)
        {
            var (path, _, day) = files[i];
            var (lastLine, torn) = ReadLastLine(path);
            if (i == files.Count - 1)
            {
                // Continue the newest file only when it ends cleanly; a torn tail stays where it is.
                _startNewFile = torn;
                _currentDay = day;
            }

            if (lastLine is not null)
            {
                if (!AuditFileFormat.TryParseRecordLine(lastLine, out var content, out var hash, out _, out _)
                    || !Chain.AuditRecordSerializer.TryReadPosition(content, out var sequence, out var streamId))
                {
                    throw new InvalidOperationException("The last complete audit record cannot be read; run the audit verifier before appending.");
                }

                head = new AuditChainHead(streamId!, sequence, hash);
            }
        }

        return ValueTask.FromResult(head ?? new AuditChainHead(newStreamId, 0, null));
    }

    /// <inheritdoc />
    public ValueTask AppendAsync(IReadOnlyList<SealedAuditRecord> records, CancellationToken cancellationToken)
    {
        if (_lock is null)
        {
            throw new InvalidOperationException("The audit store is not open.");
        }

        BatchBuffer.Reset(ref _buffer);
        foreach (var record in records)
        {
            AuditFileFormat.WriteRecordLine(_buffer, record);
        }

        try
        {
            var stream = CurrentFile(_buffer.WrittenCount);
            stream.Write(_buffer.WrittenSpan);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            // The file may now end in a partial line: continue in a new file after reopening.
            CloseCurrent();
            _startNewFile = true;
            throw;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask WriteCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var line = AuditFileFormat.CheckpointLine(checkpoint);
        var path = Path.Combine(_directory, AuditFileFormat.CheckpointFileName);
        var (_, torn) = File.Exists(path) ? ReadLastLine(path) : (null, false);
        using var stream = AuditFileFormat.Open(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        if (torn)
        {
            // A crash tore the previous checkpoint line: end it, so this checkpoint stays readable on its own line.
            stream.Write("\n"u8);
        }

        stream.Write(line);
        stream.Flush(flushToDisk: true);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    ValueTask<AuditCheckpoint?> IAuditCheckpointSource.ReadLastCheckpointAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(_directory, AuditFileFormat.CheckpointFileName);
        AuditCheckpoint? checkpoint = null;
        if (File.Exists(path) && ReadLastLine(path).LastLine is { } line)
        {
            AuditFileFormat.TryParseCheckpointLine(line, out checkpoint);
        }

        return ValueTask.FromResult(checkpoint);
    }

    /// <summary>Closes the current file and releases the writer lock.</summary>
    public void Dispose()
    {
        CloseCurrent();
        _lock?.Dispose();
        _lock = null;
    }

    private FileStream CurrentFile(int bytesToWrite)
    {
        var today = DateOnly.FromDateTime(_timeProvider.GetUtcNow().UtcDateTime);
        if (_current is not null && (_currentDay != today || (_current.Length > 0 && _current.Length + bytesToWrite > _maxFileSize)))
        {
            CloseCurrent();
            _startNewFile = true;
        }

        if (_current is null)
        {
            if (!_startNewFile && _lastFileNumber > 0 && _currentDay == today)
            {
                var existing = Path.Combine(_directory, AuditFileFormat.FileName(_lastFileNumber, _currentDay));
                var stream = AuditFileFormat.Open(existing, FileMode.Append, FileAccess.Write, FileShare.Read);
                if (stream.Length + bytesToWrite <= _maxFileSize || stream.Length == 0)
                {
                    _current = stream;
                    return stream;
                }

                stream.Dispose();
            }

            _lastFileNumber++;
            _currentDay = today;
            _current = AuditFileFormat.Open(Path.Combine(_directory, AuditFileFormat.FileName(_lastFileNumber, today)), FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            _startNewFile = false;
        }

        return _current;
    }

    private void CloseCurrent()
    {
        _current?.Dispose();
        _current = null;
    }

    /// <summary>Returns the last newline-terminated line and whether bytes follow it (a torn write).</summary>
    private static (byte[]? LastLine, bool Torn) ReadLastLine(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = stream.Length;
        if (length == 0)
        {
            return (null, false);
        }

        var window = (int)Math.Min(length, 64 * 1024);
        while (true)
        {
            var buffer = new byte[window];
            stream.Position = length - window;
            stream.ReadExactly(buffer);
            var torn = buffer[^1] != (byte)'\n';
            var end = buffer.AsSpan().LastIndexOf((byte)'\n');
            if (end < 0)
            {
                if (window == length)
                {
                    return (null, true);
                }

                window = (int)Math.Min(length, (long)window * 4);
                continue;
            }

            var start = buffer.AsSpan(0, end).LastIndexOf((byte)'\n') + 1;
            if (start == 0 && window < length)
            {
                window = (int)Math.Min(length, (long)window * 4);
                continue;
            }

            return (buffer[start..end], torn);
        }
    }
}
