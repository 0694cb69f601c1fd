using Compliance.Runtime.PostgreSql;
using Npgsql;

namespace Compliance.Runtime.ScaleOut.Tests.PostgreSql;

/// <summary>
/// A fresh database on the test server for one test, migrated with <see cref="PostgreSqlComplianceSchema"/>
/// and with its own application role (login, no superuser) that the migration grants; dropped with the role afterwards.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name, string role, string adminConnectionString)
    {
        Name = name;
        ApplicationRole = role;
        AdminConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = false }.ConnectionString;
        ApplicationConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Username = role, Pooling = true, MaxPoolSize = 20 }.ConnectionString;
        ServerAdminConnectionString = adminConnectionString;
    }

    public string Name { get; }

    public string ApplicationRole { get; }

    /// <summary>The superuser, in this database: the schema owner, and the intruder of the tamper tests.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The application's role, in this database: SELECT and INSERT on the audit tables only.</summary>
    public string ApplicationConnectionString { get; }

    private string ServerAdminConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string? serverConnectionString = null, string? template = null, bool migrate = true)
    {
        var server = serverConnectionString ?? TestServers.PostgresConnectionString;
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var database = new TestDatabase("cr_test_" + suffix, "cr_app_" + suffix, server);
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await ExecuteAsync(admin, $"CREATE ROLE {database.ApplicationRole} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
            await ExecuteAsync(admin, template is null ? $"CREATE DATABASE {database.Name}" : $"CREATE DATABASE {database.Name} TEMPLATE {template}");
        }

        if (migrate)
        {
            await using var owner = NpgsqlDataSource.Create(database.AdminConnectionString);
            await PostgreSqlComplianceSchema.MigrateAsync(owner, new PostgreSqlMigrationOptions { ApplicationRole = database.ApplicationRole });
        }

        return database;
    }

    /// <summary>Runs SQL as the superuser in this database.</summary>
    public async Task ExecuteAsAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, sql);
    }

    public async Task<T> ScalarAsAdminAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<List<string>> ColumnAsAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ServerAdminConnectionString) { Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        await ExecuteAsync(admin, $"DROP ROLE IF EXISTS {ApplicationRole}");
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
