using System.Globalization;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Infrastructure;
using Npgsql;

namespace Compliance.Runtime.PostgreSql;

/// <summary>
/// Verifies the chain stored by <see cref="PostgreSqlAuditStore"/>: the checkpoints, then every
/// record in sequence order, in one read-only, repeatable-read transaction (a consistent snapshot
/// while instances keep appending), streaming rows in constant memory. It reports every problem it
/// meets (an unreachable server, missing tables, rows of the wrong shape) as an issue: a verifier
/// that throws on a tampered row hands the intruder a way to stop verification. Run it with a role
/// that may only read (<c>SELECT</c> on the audit tables).
/// </summary>
public sealed class PostgreSqlAuditVerifier : IAuditVerifier
{
    private readonly NpgsqlDataSource? _dataSource;
    private readonly string? _connectionString;
    private readonly AuditVerificationOptions _options;
    private readonly string _chain;
    private readonly string _checkpointsSql;
    private readonly string _recordsSql;

    /// <summary>Creates a verifier over a data source of the application (or of an auditor's read-only role).</summary>
    /// <param name="dataSource">The data source.</param>
    /// <param name="options">The keys (null: seals are not checked) and the anchor.</param>
    /// <param name="schema">The schema of the audit tables.</param>
    /// <param name="chain">The chain to verify.</param>
    public PostgreSqlAuditVerifier(NpgsqlDataSource dataSource, AuditVerificationOptions options, string schema = PostgreSqlComplianceSchema.DefaultSchema, string chain = PostgreSqlComplianceSchema.DefaultChain)
        : this(options, schema, chain)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <summary>Creates a verifier that connects with <paramref name="connectionString"/> for each verification.</summary>
    /// <param name="connectionString">An Npgsql connection string (the password may come from <c>PGPASSWORD</c> or a pgpass file instead).</param>
    /// <param name="options">The keys (null: seals are not checked) and the anchor.</param>
    /// <param name="schema">The schema of the audit tables.</param>
    /// <param name="chain">The chain to verify.</param>
    public PostgreSqlAuditVerifier(string connectionString, AuditVerificationOptions options, string schema = PostgreSqlComplianceSchema.DefaultSchema, string chain = PostgreSqlComplianceSchema.DefaultChain)
        : this(options, schema, chain)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _connectionString = connectionString;
    }

    private PostgreSqlAuditVerifier(AuditVerificationOptions options, string schema, string chain)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!PostgreSqlComplianceSchema.IsValidSchemaName(schema))
        {
            throw new ArgumentException("The schema must be a lower-case SQL identifier.", nameof(schema));
        }

        if (!PostgreSqlComplianceSchema.IsValidChainName(chain))
        {
            throw new ArgumentException("The chain name must be 1 to 200 characters without control characters.", nameof(chain));
        }

        _options = options;
        _chain = chain;
        var s = PostgreSqlComplianceSchema.Quote(schema);
        _checkpointsSql = $"SELECT stream, seq, hash, created_at, seal_kid, seal, prev FROM {s}.audit_checkpoints WHERE chain = $1 ORDER BY seq";
        _recordsSql = $"SELECT seq, content, hash, seal_kid, seal FROM {s}.audit_records WHERE chain = $1 ORDER BY seq";
    }

    /// <inheritdoc />
    public async ValueTask<AuditVerificationReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var verifier = new AuditChainVerifier(_options);
        NpgsqlDataSource? owned = null;
        NpgsqlConnection connection;
        try
        {
            var dataSource = _dataSource ?? (owned = NpgsqlDataSource.Create(_connectionString!));
            connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException or TimeoutException)
        {
            // The exception's message is not repeated: it may name the host, never needed to judge the trail.
            if (owned is not null)
            {
                await owned.DisposeAsync().ConfigureAwait(false);
            }

            return verifier.Complete("The audit database cannot be reached with the given connection (" + ex.GetType().Name + "): nothing was verified.");
        }

        try
        {
            await using (connection.ConfigureAwait(false))
            {
                await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
                await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
                {
                    await readOnly.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await ReadCheckpointsAsync(connection, transaction, verifier, cancellationToken).ConfigureAwait(false);
                await ReadRecordsAsync(connection, transaction, verifier, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync().ConfigureAwait(false);
            }
        }

        return verifier.Complete("The audit chain holds no records: it was emptied, never written, or the chain name is wrong.");
    }

    private async Task ReadCheckpointsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditChainVerifier verifier, CancellationToken cancellationToken)
    {
        // A savepoint, so that a failed read of this table leaves the transaction usable for the records.
        await transaction.SaveAsync("checkpoints", cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand(_checkpointsSql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _chain });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var row = 0;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                row++;
                var location = string.Create(CultureInfo.InvariantCulture, $"audit_checkpoints chain={_chain} row={row}");
                if (PostgreSqlAuditStore.ReadCheckpoint(reader) is { } checkpoint)
                {
                    verifier.AddCheckpoint(checkpoint, location + " seq=" + checkpoint.Sequence.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    verifier.AddIssue(AuditIssueKind.CheckpointMismatch, null, location, "The checkpoint row cannot be read: a column is empty or has the wrong type.");
                }
            }
        }
        catch (PostgresException)
        {
            await transaction.RollbackAsync("checkpoints", cancellationToken).ConfigureAwait(false);
            verifier.AddIssue(AuditIssueKind.CheckpointMismatch, null, "audit_checkpoints", "The checkpoint table cannot be read: it was dropped or altered, or this role may not read it.");
        }
    }

    private async Task ReadRecordsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditChainVerifier verifier, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand(_recordsSql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _chain });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var row = 0;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                row++;
                var location = string.Create(CultureInfo.InvariantCulture, $"audit_records chain={_chain} row={row}");
                if (TryReadRecord(reader, out var seq, out var content, out var hash, out var keyId, out var seal))
                {
                    verifier.AddRecord(content, hash, keyId, seal, location + " seq=" + seq.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    verifier.AddIssue(AuditIssueKind.MalformedRecord, null, location, "The row does not hold a record: a column is empty or has the wrong type.");
                }
            }
        }
        catch (PostgresException)
        {
            verifier.AddIssue(AuditIssueKind.MalformedRecord, null, "audit_records", "The record table cannot be read: it was dropped or altered, or this role may not read it.");
        }
    }

    private static bool TryReadRecord(NpgsqlDataReader reader, out long seq, out byte[] content, out byte[] hash, out string? keyId, out byte[] seal)
    {
        seq = 0;
        content = hash = seal = [];
        keyId = null;
        try
        {
            if (reader.IsDBNull(0) || reader.IsDBNull(1) || reader.IsDBNull(2) || reader.IsDBNull(4))
            {
                return false;
            }

            seq = reader.GetInt64(0);
            content = reader.GetFieldValue<byte[]>(1);
            hash = reader.GetFieldValue<byte[]>(2);
            keyId = reader.IsDBNull(3) ? null : reader.GetString(3);
            seal = reader.GetFieldValue<byte[]>(4);
            return true;
        }
        catch (InvalidCastException)
        {
            return false;
        }
    }
}
