using Npgsql;

namespace Compliance.Runtime.ScaleOut.Tests.PostgreSql;

/// <summary>Append-only in the database: privileges revoked from the application role, and triggers behind them.</summary>
public sealed class PostgresAppendOnlyTests
{
    [PostgresTheory]
    [InlineData("UPDATE compliance.audit_records SET seal_kid = 'x'")]
    [InlineData("DELETE FROM compliance.audit_records")]
    [InlineData("TRUNCATE compliance.audit_records")]
    [InlineData("UPDATE compliance.audit_checkpoints SET seal_kid = 'x'")]
    [InlineData("DELETE FROM compliance.audit_checkpoints")]
    [InlineData("TRUNCATE compliance.audit_checkpoints")]
    public async Task TheApplicationRole_CannotChangeOrRemoveAuditRows(string sql)
    {
        await using var database = await TestDatabase.CreateAsync();
        await WriteSomeRecordsAsync(database);

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(database.ApplicationConnectionString, sql));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Contains("permission denied", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(6L, await database.ScalarAsAdminAsync<long>("SELECT count(*) FROM compliance.audit_records"));
    }

    [PostgresTheory]
    [InlineData("UPDATE compliance.audit_records SET seal_kid = 'x'")]
    [InlineData("DELETE FROM compliance.audit_records")]
    [InlineData("TRUNCATE compliance.audit_records CASCADE")]
    [InlineData("UPDATE compliance.audit_checkpoints SET seal_kid = 'x'")]
    [InlineData("DELETE FROM compliance.audit_checkpoints")]
    [InlineData("TRUNCATE compliance.audit_checkpoints")]
    public async Task TheTrigger_RefusesEvenARoleThatHoldsTheGrant(string sql)
    {
        await using var database = await TestDatabase.CreateAsync();
        await WriteSomeRecordsAsync(database);
        var rogue = database.ApplicationRole + "_rogue";
        await database.ExecuteAsAdminAsync($"""
            CREATE ROLE {rogue} LOGIN;
            GRANT USAGE ON SCHEMA compliance TO {rogue};
            GRANT SELECT, UPDATE, DELETE, TRUNCATE ON compliance.audit_records, compliance.audit_checkpoints TO {rogue};
            """);
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(database.AdminConnectionString) { Username = rogue }.ConnectionString;
            var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, sql));
            Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
            Assert.Equal(6L, await database.ScalarAsAdminAsync<long>("SELECT count(*) FROM compliance.audit_records"));
        }
        finally
        {
            await database.ExecuteAsAdminAsync($"DROP OWNED BY {rogue}; DROP ROLE {rogue};");
        }
    }

    [PostgresFact]
    public async Task TheConstraints_RefuseARowThatDoesNotContinueTheChain_EvenFromARoleThatMayInsert()
    {
        await using var database = await TestDatabase.CreateAsync();
        await WriteSomeRecordsAsync(database);

        // A copy of the last record under the next sequence number: its previous hash is not the stored hash before it.
        var forged = """
            INSERT INTO compliance.audit_records (chain, seq, stream, content, hash, prev_seq, prev_hash, seal_kid, seal)
            SELECT chain, seq + 1, stream, content, hash, seq, prev_hash, seal_kid, seal FROM compliance.audit_records ORDER BY seq DESC LIMIT 1
            """;
        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(database.ApplicationConnectionString, forged));
        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);

        // Migrating again changes nothing and keeps the records.
        await using (var owner = NpgsqlDataSource.Create(database.AdminConnectionString))
        {
            await Compliance.Runtime.PostgreSql.PostgreSqlComplianceSchema.MigrateAsync(owner, new() { ApplicationRole = database.ApplicationRole });
        }

        Assert.Equal(6L, await database.ScalarAsAdminAsync<long>("SELECT count(*) FROM compliance.audit_records"));
    }

    private static async Task WriteSomeRecordsAsync(TestDatabase database)
    {
        await using var app = await ScaleOutApp.StartAsync(ScaleOutSettings.For(database.ApplicationConnectionString));
        for (var i = 0; i < 6; i++)
        {
            (await app.Client.GetAsync("/patients/p-" + i)).EnsureSuccessStatusCode();
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
