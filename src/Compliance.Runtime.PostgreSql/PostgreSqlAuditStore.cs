using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace Compliance.Runtime.PostgreSql;

/// <summary>
/// Stores the audit chain in PostgreSQL so that several application instances append to one chain.
/// Each batch (group commit) is one transaction that first takes a transaction-scoped advisory lock
/// on the chain, reads the chain's head as stored, builds the records that continue it and inserts
/// them with one statement; the lock is released when the transaction commits, or when the
/// connection dies with its instance. The table's constraints refuse anything else: the primary
/// key (chain, seq), each record's previous hash referencing the stored hash of the record before
/// it, and the chain hash recomputed from the exact stored bytes. The tables and their append-only
/// triggers are created by <see cref="PostgreSqlComplianceSchema.MigrateAsync(NpgsqlDataSource, PostgreSqlMigrationOptions?, CancellationToken)"/>,
/// never by the store.
/// </summary>
public sealed class PostgreSqlAuditStore : ISharedAuditStore, IAuditCheckpointSource
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _chain;
    private readonly long _lockKey;
    private readonly string _schema;
    private readonly string _tablesSql;
    private readonly string _headSql;
    private readonly string _insertSql;
    private readonly string _lastCheckpointSql;
    private readonly string _insertCheckpointSql;

    /// <summary>Creates a store over <paramref name="dataSource"/>.</summary>
    /// <param name="dataSource">The data source of the application's role (SELECT and INSERT on the audit tables).</param>
    /// <param name="schema">The schema the migration created the tables in.</param>
    /// <param name="chain">The chain this application appends to; every instance of it uses the same one.</param>
    public PostgreSqlAuditStore(NpgsqlDataSource dataSource, string schema = PostgreSqlComplianceSchema.DefaultSchema, string chain = PostgreSqlComplianceSchema.DefaultChain)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (!PostgreSqlComplianceSchema.IsValidSchemaName(schema))
        {
            throw new ArgumentException("The schema must be a lower-case SQL identifier.", nameof(schema));
        }

        if (!PostgreSqlComplianceSchema.IsValidChainName(chain))
        {
            throw new ArgumentException("The chain name must be 1 to 200 characters without control characters.", nameof(chain));
        }

        _dataSource = dataSource;
        _chain = chain;
        _schema = schema;
        _lockKey = PostgreSqlComplianceSchema.ChainLockKey(schema, chain);
        var s = PostgreSqlComplianceSchema.Quote(schema);
        _tablesSql = $"SELECT to_regclass('{s}.audit_records') IS NOT NULL AND to_regclass('{s}.audit_checkpoints') IS NOT NULL";
        _headSql = $"SELECT seq, stream, hash FROM {s}.audit_records WHERE chain = $1 ORDER BY seq DESC LIMIT 1";
        _insertSql = $"""
            INSERT INTO {s}.audit_records (chain, seq, stream, content, hash, prev_seq, prev_hash, seal_kid, seal)
            SELECT $1, r.seq, $2, r.content, r.hash, NULLIF(r.seq - 1, 0), COALESCE(r.prev_hash, {s}.audit_genesis($2)), r.seal_kid, r.seal
            FROM unnest($3::bigint[], $4::bytea[], $5::bytea[], $6::bytea[], $7::text[], $8::bytea[]) AS r(seq, content, hash, prev_hash, seal_kid, seal)
            """;
        _lastCheckpointSql = $"SELECT stream, seq, hash, created_at, seal_kid, seal, prev FROM {s}.audit_checkpoints WHERE chain = $1 ORDER BY seq DESC LIMIT 1";
        _insertCheckpointSql = $"INSERT INTO {s}.audit_checkpoints (chain, seq, stream, hash, created_at, seal_kid, seal, prev) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    }

    /// <summary>The chain this store appends to.</summary>
    public string Chain => _chain;

    /// <summary>The schema of the tables.</summary>
    public string Schema => _schema;

    /// <inheritdoc />
    public async ValueTask<AuditChainHead> OpenAsync(string newStreamId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var tables = new NpgsqlCommand(_tablesSql, connection))
        {
            if (await tables.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                throw new InvalidOperationException($"The PostgreSQL audit tables do not exist in schema '{_schema}' (or this role cannot see them): run PostgreSqlComplianceSchema.MigrateAsync as the schema owner first (docs/runtime/postgresql.md).");
            }
        }

        await using var head = new NpgsqlCommand(_headSql, connection);
        head.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _chain });
        await using var reader = await head.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadHeadAsync(reader, newStreamId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask AppendAsync(IReadOnlyList<SealedAuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        // Records built outside the lock continue the head their writer saw; refuse them if another instance moved it.
        await AppendAsync(StreamOf(records), head => records[0].Sequence == head.Sequence + 1
            ? records
            : throw new InvalidOperationException("The records do not continue the stored chain: another instance appended in the meantime."), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<AuditChainHead> AppendAsync(string newStreamId, Func<AuditChainHead, IReadOnlyList<SealedAuditRecord>> buildRecords, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buildRecords);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        AuditChainHead head;
        await using (var batch = LockedRead(connection, transaction, _headSql))
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            head = await ReadHeadAsync(reader, newStreamId, cancellationToken).ConfigureAwait(false);
        }

        var records = buildRecords(head);
        if (records.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return head;
        }

        var stream = StreamOf(records);
        var sequences = new long[records.Count];
        var contents = new byte[records.Count][];
        var hashes = new byte[records.Count][];
        var previous = new byte[]?[records.Count];
        var keyIds = new string[records.Count];
        var seals = new byte[records.Count][];
        var previousHash = head.Hash;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (record.Sequence != head.Sequence + i + 1)
            {
                throw new InvalidOperationException("The records to append are not consecutive continuations of the stored chain.");
            }

            sequences[i] = record.Sequence;
            contents[i] = record.Content.ToArray();
            hashes[i] = record.Hash;
            previous[i] = previousHash;
            keyIds[i] = record.SealKeyId;
            seals[i] = record.Seal;
            previousHash = record.Hash;
        }

        await using (var insert = new NpgsqlCommand(_insertSql, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _chain });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
            insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = sequences });
            insert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = contents, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            insert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = hashes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            insert.Parameters.Add(new NpgsqlParameter<byte[]?[]> { TypedValue = previous, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keyIds });
            insert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = seals, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // synchronous_commit stays at its default (on): the commit returns once the WAL is flushed.
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        var last = records[^1];
        return new AuditChainHead(stream, last.Sequence, last.Hash);
    }

    /// <inheritdoc />
    public ValueTask WriteCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return WriteCheckpointAsync(_ => checkpoint, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask WriteCheckpointAsync(Func<AuditCheckpoint?, AuditCheckpoint?> buildCheckpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buildCheckpoint);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        AuditCheckpoint? last;
        await using (var batch = LockedRead(connection, transaction, _lastCheckpointSql))
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            last = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadCheckpoint(reader) : null;
        }

        if (buildCheckpoint(last) is not { } checkpoint)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await using (var insert = new NpgsqlCommand(_insertCheckpointSql, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _chain });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checkpoint.Sequence });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = checkpoint.StreamId });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = checkpoint.Hash });
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = checkpoint.CreatedAt.ToUniversalTime() });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = checkpoint.SealKeyId });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = checkpoint.Seal });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)checkpoint.Previous ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    async ValueTask<AuditCheckpoint?> IAuditCheckpointSource.ReadLastCheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var select = new NpgsqlCommand(_lastCheckpointSql, connection);
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _chain });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadCheckpoint(reader) : null;
    }

    /// <summary>Reads a checkpoint row (stream, seq, hash, created_at, seal_kid, seal, prev); null when a column is null or of the wrong type.</summary>
    internal static AuditCheckpoint? ReadCheckpoint(NpgsqlDataReader reader)
    {
        try
        {
            for (var i = 0; i < 6; i++)
            {
                if (reader.IsDBNull(i))
                {
                    return null;
                }
            }

            return new AuditCheckpoint(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.GetFieldValue<byte[]>(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4),
                reader.GetFieldValue<byte[]>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<byte[]>(6));
        }
        catch (InvalidCastException)
        {
            return null;
        }
    }

    /// <summary>One round trip: the chain's advisory lock (held until the transaction ends), then <paramref name="sql"/>.</summary>
    private NpgsqlBatch LockedRead(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)");
        lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _lockKey });
        var read = new NpgsqlBatchCommand(sql);
        read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _chain });
        batch.BatchCommands.Add(lockCommand);
        batch.BatchCommands.Add(read);
        return batch;
    }

    private static async Task<AuditChainHead> ReadHeadAsync(NpgsqlDataReader reader, string newStreamId, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new AuditChainHead(reader.GetString(1), reader.GetInt64(0), reader.GetFieldValue<byte[]>(2))
            : new AuditChainHead(newStreamId, 0, null);

    /// <summary>The stream id is part of every record's bytes; it is read back from the first record to be stored as a column.</summary>
    private static string StreamOf(IReadOnlyList<SealedAuditRecord> records) =>
        records.Count > 0 && AuditRecordPosition.TryRead(records[0].Content.Span, out _, out var stream) && stream is not null
            ? stream
            : throw new InvalidOperationException("An audit record without a stream id cannot be stored.");
}
