using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Files;
using Compliance.Runtime.Auditing.Infrastructure;
using Compliance.Runtime.PostgreSql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Compliance.Runtime.Benchmarks;

/// <summary>
/// Acknowledged audit appends, side by side: the file store (one instance, the baseline), the
/// PostgreSQL store with one instance, and two instances appending to one PostgreSQL chain (each
/// its own writer and connection pool, as two processes would be). 8 producers in all, each
/// awaiting its acknowledgement before the next event. Time is per event (OperationsPerInvoke).
/// PostgreSQL comes from COMPLIANCE_TEST_POSTGRES or tools/ci/servers.sh's default; each run uses a
/// database of its own, dropped afterwards.
/// </summary>
[MemoryDiagnoser]
public class ScaleOutAuditBenchmarks
{
    private const int Events = 4_000;
    private const int Producers = 8;

    private static readonly string Server = Environment.GetEnvironmentVariable("COMPLIANCE_TEST_POSTGRES") is { Length: > 0 } configured
        ? configured
        : "Host=127.0.0.1;Port=54329;Username=postgres;Database=compliance_test";

    private readonly List<AuditWriter> _fileWriters = [];
    private readonly List<AuditWriter> _oneInstance = [];
    private readonly List<AuditWriter> _twoInstances = [];
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private string? _directory;
    private string? _database;

    /// <summary>All three set-ups at once; the PostgreSQL ones use separate chains (separate locks) of one database.</summary>
    private Task? _setUp;

    [GlobalSetup]
    public Task SetupAsync() => _setUp ??= SetUpAllAsync();

    private async Task SetUpAllAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "compliance-bench", Guid.NewGuid().ToString("N"));
        _fileWriters.Add(await StartWriterAsync(new FileAuditStore(_directory)));

        _database = "cr_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(Server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(Server) { Database = _database }.ConnectionString;
        await using (var owner = NpgsqlDataSource.Create(connectionString))
        {
            await PostgreSqlComplianceSchema.MigrateAsync(owner);
        }

        _oneInstance.Add(await StartWriterAsync(new PostgreSqlAuditStore(NewDataSource(connectionString), chain: "one")));
        for (var i = 0; i < 2; i++)
        {
            _twoInstances.Add(await StartWriterAsync(new PostgreSqlAuditStore(NewDataSource(connectionString), chain: "two")));
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var writer in _fileWriters.Concat(_oneInstance).Concat(_twoInstances))
        {
            await writer.StoppedAsync(CancellationToken.None);
            await writer.DisposeAsync();
        }

        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        _setUp = null;
        _fileWriters.Clear();
        _oneInstance.Clear();
        _twoInstances.Clear();
        _dataSources.Clear();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
            _directory = null;
        }

        if (_database is not null)
        {
            await using var admin = new NpgsqlConnection(Server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            _database = null;
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public async Task FileStore()
    {
        // BenchmarkDotNet's in-process toolchain may reuse this instance after a cleanup without a new global setup.
        await SetupAsync();
        await WriteAsync(_fileWriters);
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task PostgreSqlOneInstance()
    {
        // BenchmarkDotNet's in-process toolchain may reuse this instance after a cleanup without a new global setup.
        await SetupAsync();
        await WriteAsync(_oneInstance);
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task PostgreSqlTwoInstances()
    {
        // BenchmarkDotNet's in-process toolchain may reuse this instance after a cleanup without a new global setup.
        await SetupAsync();
        await WriteAsync(_twoInstances);
    }

    private NpgsqlDataSource NewDataSource(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        _dataSources.Add(dataSource);
        return dataSource;
    }

    private static async Task<AuditWriter> StartWriterAsync(IAuditStore store)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var options = Options.Create(new AuditOptions { SealKey = Convert.ToBase64String(key), StreamId = "bench" });
        var writer = new AuditWriter(store, options, Options.Create(new ComplianceOptions { ServiceName = "bench" }), new AuditSealKey(key), TimeProvider.System);
        await writer.StartingAsync(CancellationToken.None);
        return writer;
    }

    private static Task WriteAsync(List<AuditWriter> writers)
    {
        const int perProducer = Events / Producers;
        return Task.WhenAll(Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            // Producers are spread over the instances, as a load balancer spreads requests.
            var writer = writers[p % writers.Count];
            for (var i = 0; i < perProducer; i++)
            {
                await writer.WriteAsync(new AuditEvent
                {
                    Action = AuditActions.PhiRead,
                    Actor = new AuditActor("user", "user-" + p),
                    Resource = new AuditResource("Patient", i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    Outcome = AuditOutcome.FromStatusCode(200),
                    Request = new AuditRequest("GET", "api/patients/{id}", "4bf92f3577b34da6a3ce929d0e0e4736", "10.0.0.7"),
                });
            }
        })));
    }
}
