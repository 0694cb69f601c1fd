using System.Security.Cryptography;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Infrastructure;
using Compliance.Runtime.Auditing.Sqlite;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Tests.Auditing;

public sealed class SqliteAuditStoreTests
{
    [Fact]
    public async Task Records_AreChained_AndVerify_AcrossRestarts()
    {
        using var temp = new TempDirectory();
        var connection = ConnectionString(temp);
        var key = RandomNumberGenerator.GetBytes(32);
        await WriteAsync(connection, key, 8, 250);
        await WriteAsync(connection, key, 1, 10);

        var report = await new SqliteAuditVerifier(connection, key).VerifyAsync();
        Assert.True(report.IsValid, FileAuditStoreTests.Describe(report));
        Assert.Equal(2010, report.RecordCount);
        Assert.Equal(2010, report.LastSequence);
        Assert.Equal(2010, Scalar(connection, "SELECT COUNT(DISTINCT content) FROM audit_records"));
    }

    [Theory]
    [InlineData("UPDATE audit_records SET seal_kid = 'k2' WHERE seq = 2")]
    [InlineData("DELETE FROM audit_records WHERE seq = 2")]
    [InlineData("DELETE FROM audit_checkpoints")]
    public async Task UpdatesAndDeletes_AreAbortedByTriggers(string sql)
    {
        using var temp = new TempDirectory();
        var connection = ConnectionString(temp);
        await WriteAsync(connection, RandomNumberGenerator.GetBytes(32), 1, 3);
        var error = Assert.Throws<SqliteException>(() => Execute(connection, sql));
        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TamperingAroundTheTriggers_IsDetected()
    {
        using var temp = new TempDirectory();
        var connection = ConnectionString(temp);
        var key = RandomNumberGenerator.GetBytes(32);
        await WriteAsync(connection, key, 1, 10);

        Execute(connection, "DROP TRIGGER audit_records_no_update; DROP TRIGGER audit_records_no_delete;");
        Execute(connection, "UPDATE audit_records SET content = CAST(REPLACE(CAST(content AS TEXT), 'user-3', 'user-8') AS BLOB) WHERE seq = 4");
        Execute(connection, "DELETE FROM audit_records WHERE seq = 7");

        var report = await new SqliteAuditVerifier(connection, key).VerifyAsync();
        Assert.Equal(
            [(AuditIssueKind.EditedRecord, 4L), (AuditIssueKind.MissingRecord, 7L)],
            report.Issues.Select(static i => (i.Kind, i.Sequence ?? 0)));
    }

    private static string ConnectionString(TempDirectory temp) => $"Data Source={Path.Combine(temp.Path, "audit.db")};Pooling=False";

    internal static async Task WriteAsync(string connectionString, byte[] key, int writers, int perWriter)
    {
        var options = new AuditOptions { SealKey = Convert.ToBase64String(key) };
        var writer = new AuditWriter(new SqliteAuditStore(connectionString), Options.Create(options), Options.Create(new ComplianceOptions { ServiceName = "tests" }), new AuditSealKey(key), TimeProvider.System);
        await writer.StartingAsync(CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                await writer.WriteAsync(AuditHarness.Event((w * 100_000) + i));
            }
        })));
        await writer.StoppedAsync(CancellationToken.None);
        await writer.DisposeAsync();
    }

    internal static void Execute(string connectionString, string sql)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(string connectionString, string sql)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
