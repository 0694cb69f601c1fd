using System.Security.Cryptography;
using Compliance.Runtime.Encryption;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.EntityFrameworkCore.Tests;

/// <summary>The application's services on a real SQLite database file.</summary>
internal sealed class SqliteHarness : IDisposable
{
    public SqliteHarness(string? path = null, byte[]? kek = null)
    {
        Directory = path is null ? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "compliance-ef-tests", Guid.NewGuid().ToString("N")) : System.IO.Path.GetDirectoryName(path)!;
        System.IO.Directory.CreateDirectory(Directory);
        DatabasePath = path ?? System.IO.Path.Combine(Directory, "clinic.db");
        Kek = kek ?? RandomNumberGenerator.GetBytes(32);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath }.ToString();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<IKeyEncryptionKeyProvider>(new LocalKeyEncryptionKeyProvider(Kek));
        services.AddDbContext<ClinicContext>((provider, options) => options.UseSqlite(ConnectionString).UseFieldEncryption(provider));
        services.AddCompliance()
            .AddFieldEncryption()
            .PersistEncryptionKeysToDbContext<ClinicContext>()
            .AddMfa(o => o.Issuer = "Clinic")
            .PersistMfaToDbContext<ClinicContext>();
        Services = services.BuildServiceProvider();

        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<ClinicContext>().Database.EnsureCreated();
    }

    public string Directory { get; }

    public string DatabasePath { get; }

    public string ConnectionString { get; }

    public byte[] Kek { get; }

    public ServiceProvider Services { get; }

    public IKeyRing Ring => Services.GetRequiredService<IKeyRing>();

    public async Task<T> WithContextAsync<T>(Func<ClinicContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ClinicContext>());
    }

    public async Task WithContextAsync(Func<ClinicContext, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<ClinicContext>());
    }

    public async Task<List<object?[]>> QueryRawAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        Services.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
