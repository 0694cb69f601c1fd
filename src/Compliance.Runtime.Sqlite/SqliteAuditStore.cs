using Compliance.Runtime.Auditing.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Compliance.Runtime.Auditing.Sqlite;

/// <summary>
/// Stores the audit chain in SQLite: one row per record holding the exact hashed bytes, in WAL mode
/// with <c>synchronous=FULL</c> so a committed batch is durable, and triggers that abort every
/// UPDATE and DELETE on the audit tables. Each batch is one transaction (group commit). A database
/// file it creates is owner-only on Unix (0600).
/// </summary>
public sealed class SqliteAuditStore : IAuditStore, IAuditCheckpointSource, IDisposable
{
    internal const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS audit_records (
            seq INTEGER PRIMARY KEY,
            stream TEXT NOT NULL,
            content BLOB NOT NULL,
            hash BLOB NOT NULL,
            seal_kid TEXT NOT NULL,
            seal BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS audit_checkpoints (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            stream TEXT NOT NULL,
            seq INTEGER NOT NULL,
            hash BLOB NOT NULL,
            created_at TEXT NOT NULL,
            seal_kid TEXT NOT NULL,
            seal BLOB NOT NULL,
            prev BLOB);
        CREATE TRIGGER IF NOT EXISTS audit_records_no_update BEFORE UPDATE ON audit_records
            BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_records_no_delete BEFORE DELETE ON audit_records
            BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
            BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
            BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
        """;

    private readonly string _connectionString;
    private SqliteConnection? _connection;

    /// <summary>Creates a store for <paramref name="connectionString"/>, for example <c>Data Source=audit.db</c>.</summary>
    /// <param name="connectionString">The SQLite connection string.</param>
    public SqliteAuditStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _connectionString = connectionString;
    }

    /// <inheritdoc />
    public async ValueTask<AuditChainHead> OpenAsync(string newStreamId, CancellationToken cancellationToken)
    {
        Close();
        CreateOwnerOnly(_connectionString);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, Schema, cancellationToken).ConfigureAwait(false);
            await AddPreviousColumnAsync(connection, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "PRAGMA synchronous = FULL;", cancellationToken).ConfigureAwait(false);

            await using var last = connection.CreateCommand();
            last.CommandText = "SELECT seq, stream, hash FROM audit_records ORDER BY seq DESC LIMIT 1";
            await using var reader = await last.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var head = await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new AuditChainHead(reader.GetString(1), reader.GetInt64(0), (byte[])reader.GetValue(2))
                : new AuditChainHead(newStreamId, 0, null);
            _connection = connection;
            return head;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask AppendAsync(IReadOnlyList<SealedAuditRecord> records, CancellationToken cancellationToken)
    {
        var connection = _connection ?? throw new InvalidOperationException("The audit store is not open.");
        var stream = StreamOf(records);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO audit_records (seq, stream, content, hash, seal_kid, seal) VALUES ($seq, $stream, $content, $hash, $kid, $seal)";
        var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
        var streamParameter = insert.Parameters.Add("$stream", SqliteType.Text);
        var content = insert.Parameters.Add("$content", SqliteType.Blob);
        var hash = insert.Parameters.Add("$hash", SqliteType.Blob);
        var kid = insert.Parameters.Add("$kid", SqliteType.Text);
        var seal = insert.Parameters.Add("$seal", SqliteType.Blob);
        streamParameter.Value = stream;
        foreach (var record in records)
        {
            seq.Value = record.Sequence;
            content.Value = record.Content.ToArray();
            hash.Value = record.Hash;
            kid.Value = record.SealKeyId;
            seal.Value = record.Seal;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask WriteCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var connection = _connection ?? throw new InvalidOperationException("The audit store is not open.");
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO audit_checkpoints (stream, seq, hash, created_at, seal_kid, seal, prev) VALUES ($stream, $seq, $hash, $at, $kid, $seal, $prev)";
        insert.Parameters.AddWithValue("$stream", checkpoint.StreamId);
        insert.Parameters.AddWithValue("$seq", checkpoint.Sequence);
        insert.Parameters.AddWithValue("$hash", checkpoint.Hash);
        insert.Parameters.AddWithValue("$at", checkpoint.CreatedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$kid", checkpoint.SealKeyId);
        insert.Parameters.AddWithValue("$seal", checkpoint.Seal);
        insert.Parameters.AddWithValue("$prev", (object?)checkpoint.Previous ?? DBNull.Value);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    async ValueTask<AuditCheckpoint?> IAuditCheckpointSource.ReadLastCheckpointAsync(CancellationToken cancellationToken)
    {
        var connection = _connection ?? throw new InvalidOperationException("The audit store is not open.");
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT stream, seq, hash, created_at, seal_kid, seal, prev FROM audit_checkpoints ORDER BY id DESC LIMIT 1";
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadCheckpoint(reader, 0) : null;
    }

    /// <summary>Reads a checkpoint row starting at <paramref name="first"/> (stream, seq, hash, created_at, seal_kid, seal, prev); null when a column has the wrong type.</summary>
    internal static AuditCheckpoint? ReadCheckpoint(SqliteDataReader reader, int first)
    {
        if (reader.GetValue(first) is not string stream
            || reader.GetValue(first + 1) is not long sequence
            || reader.GetValue(first + 2) is not byte[] hash
            || reader.GetValue(first + 3) is not string createdAt
            || !DateTimeOffset.TryParse(createdAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var created)
            || reader.GetValue(first + 4) is not string keyId
            || reader.GetValue(first + 5) is not byte[] seal)
        {
            return null;
        }

        var previous = reader.GetValue(first + 6);
        return previous is DBNull or byte[]? new AuditCheckpoint(stream, sequence, hash, created, keyId, seal, previous as byte[])
            : null;
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => Close();

    /// <summary>The stream id is part of every record's bytes; it is read back from the first record to be stored as a column.</summary>
    private static string StreamOf(IReadOnlyList<SealedAuditRecord> records) =>
        records.Count > 0 && Compliance.Runtime.Auditing.Infrastructure.AuditRecordPosition.TryRead(records[0].Content.Span, out _, out var stream) && stream is not null
            ? stream
            : throw new InvalidOperationException("An audit record without a stream id cannot be stored.");

    /// <summary>Databases created before checkpoints were chained lack the column; their old rows keep NULL (the unchained format).</summary>
    private static async Task AddPreviousColumnAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('audit_checkpoints') WHERE name = 'prev'";
        if ((long)(await columns.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0)
        {
            await ExecuteAsync(connection, "ALTER TABLE audit_checkpoints ADD COLUMN prev BLOB", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Creates a new database file owner-only on Unix before SQLite opens it; SQLite gives its -wal
    /// and -shm files the same mode. An existing file keeps the mode its operator gave it.
    /// </summary>
    private static void CreateOwnerOnly(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (OperatingSystem.IsWindows() || string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal) || File.Exists(dataSource))
        {
            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        try
        {
            using var _ = new FileStream(dataSource, options);
        }
        catch (IOException) when (File.Exists(dataSource))
        {
            // Another process created it first; SQLite opens it as it is.
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Close()
    {
        _connection?.Dispose();
        _connection = null;
    }
}
