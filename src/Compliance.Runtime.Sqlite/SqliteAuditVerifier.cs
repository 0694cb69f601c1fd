using System.Globalization;
using Compliance.Runtime.Auditing.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Compliance.Runtime.Auditing.Sqlite;

/// <summary>Verifies the chain stored by <see cref="SqliteAuditStore"/>.</summary>
public sealed class SqliteAuditVerifier : IAuditVerifier
{
    private readonly string _connectionString;
    private readonly byte[]? _sealKey;

    /// <summary>Creates a verifier.</summary>
    /// <param name="connectionString">The SQLite connection string of the audit database.</param>
    /// <param name="sealKey">The seal key; when null, seals are not checked.</param>
    public SqliteAuditVerifier(string connectionString, byte[]? sealKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _connectionString = connectionString;
        _sealKey = sealKey;
    }

    /// <inheritdoc />
    public async ValueTask<AuditVerificationReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var verifier = new AuditChainVerifier(_sealKey);
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        await using (var checkpoints = connection.CreateCommand())
        {
            checkpoints.CommandText = "SELECT id, stream, seq, hash, created_at, seal_kid, seal FROM audit_checkpoints ORDER BY id";
            await using var reader = await checkpoints.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var checkpoint = new AuditCheckpoint(
                    reader.GetString(1),
                    reader.GetInt64(2),
                    (byte[])reader.GetValue(3),
                    DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture),
                    reader.GetString(5),
                    (byte[])reader.GetValue(6));
                verifier.AddCheckpoint(checkpoint, "audit_checkpoints id=" + reader.GetInt64(0).ToString(CultureInfo.InvariantCulture));
            }
        }

        await using (var records = connection.CreateCommand())
        {
            records.CommandText = "SELECT rowid, content, hash, seal FROM audit_records ORDER BY rowid";
            await using var reader = await records.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var location = "audit_records rowid=" + reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
                if (reader.GetValue(1) is byte[] content && reader.GetValue(2) is byte[] hash && reader.GetValue(3) is byte[] seal)
                {
                    verifier.AddRecord(content, hash, seal, location);
                }
                else
                {
                    verifier.AddIssue(AuditIssueKind.MalformedRecord, null, location, "The row does not hold a record.");
                }
            }
        }

        return verifier.Complete();
    }
}
