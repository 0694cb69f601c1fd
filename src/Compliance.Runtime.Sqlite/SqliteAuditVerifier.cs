using System.Globalization;
using Compliance.Runtime.Auditing.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Compliance.Runtime.Auditing.Sqlite;

/// <summary>
/// Verifies the chain stored by <see cref="SqliteAuditStore"/>. It opens the database read-only and
/// reports every problem it meets (a missing database, missing tables, rows of the wrong shape) as
/// an issue: a verifier that throws on a tampered row hands the intruder a way to stop verification.
/// </summary>
public sealed class SqliteAuditVerifier : IAuditVerifier
{
    private readonly string _connectionString;
    private readonly AuditVerificationOptions _options;

    /// <summary>Creates a verifier with one HMAC key, used whatever key id a seal names.</summary>
    /// <param name="connectionString">The SQLite connection string of the audit database.</param>
    /// <param name="sealKey">The seal key; when null, seals are not checked.</param>
    public SqliteAuditVerifier(string connectionString, byte[]? sealKey)
        : this(connectionString, new AuditVerificationOptions { Keys = sealKey is null ? null : AuditSealKeySet.ForAnyKeyId(sealKey) })
    {
    }

    /// <summary>Creates a verifier with a key set selected by key id and, optionally, an external anchor.</summary>
    /// <param name="connectionString">The SQLite connection string of the audit database.</param>
    /// <param name="options">The keys and the anchor.</param>
    public SqliteAuditVerifier(string connectionString, AuditVerificationOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentNullException.ThrowIfNull(options);

        // Read-only: verifying must neither create a missing database nor change an existing one.
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString();
        _options = options;
    }

    /// <inheritdoc />
    public async ValueTask<AuditVerificationReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var verifier = new AuditChainVerifier(_options);
        await using var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException)
        {
            return verifier.Complete("The audit database cannot be opened: it is missing or not a SQLite database.");
        }

        try
        {
            await ReadCheckpointsAsync(connection, verifier, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException)
        {
            verifier.AddIssue(AuditIssueKind.CheckpointMismatch, null, "audit_checkpoints", "The checkpoint table cannot be read: it was dropped or altered.");
        }

        try
        {
            await ReadRecordsAsync(connection, verifier, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException)
        {
            verifier.AddIssue(AuditIssueKind.MalformedRecord, null, "audit_records", "The record table cannot be read: it was dropped or altered.");
        }

        return verifier.Complete("The audit database holds no records: it was emptied or never written.");
    }

    private static async Task ReadCheckpointsAsync(SqliteConnection connection, AuditChainVerifier verifier, CancellationToken cancellationToken)
    {
        var hasPrevious = await HasColumnAsync(connection, "audit_checkpoints", "prev", cancellationToken).ConfigureAwait(false);
        await using var checkpoints = connection.CreateCommand();
        checkpoints.CommandText = $"SELECT id, stream, seq, hash, created_at, seal_kid, seal, {(hasPrevious ? "prev" : "NULL")} FROM audit_checkpoints ORDER BY id";
        await using var reader = await checkpoints.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var location = "audit_checkpoints id=" + Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture);
            if (SqliteAuditStore.ReadCheckpoint(reader, 1) is { } checkpoint)
            {
                verifier.AddCheckpoint(checkpoint, location);
            }
            else
            {
                verifier.AddIssue(AuditIssueKind.CheckpointMismatch, null, location, "The checkpoint row cannot be read: a column has the wrong type or format.");
            }
        }
    }

    private static async Task ReadRecordsAsync(SqliteConnection connection, AuditChainVerifier verifier, CancellationToken cancellationToken)
    {
        await using var records = connection.CreateCommand();
        records.CommandText = "SELECT rowid, content, hash, seal_kid, seal FROM audit_records ORDER BY rowid";
        await using var reader = await records.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var location = "audit_records rowid=" + Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture);
            if (reader.GetValue(1) is byte[] content && reader.GetValue(2) is byte[] hash && reader.GetValue(4) is byte[] seal)
            {
                verifier.AddRecord(content, hash, reader.GetValue(3) as string, seal, location);
            }
            else
            {
                verifier.AddIssue(AuditIssueKind.MalformedRecord, null, location, "The row does not hold a record.");
            }
        }
    }

    private static async Task<bool> HasColumnAsync(SqliteConnection connection, string table, string column, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $column";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$column", column);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0;
    }
}
