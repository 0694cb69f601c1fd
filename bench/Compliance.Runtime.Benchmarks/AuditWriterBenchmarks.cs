using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Files;
using Compliance.Runtime.Auditing.Infrastructure;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Benchmarks;

/// <summary>
/// Sustained audit throughput on the file store: producers each await their acknowledgement
/// (record durable, fsync) before writing the next, so concurrency is what group commit batches.
/// Reported time is per event (OperationsPerInvoke); events per second = 1 / mean.
/// </summary>
[MemoryDiagnoser]
public class AuditWriterBenchmarks
{
    private const int Events = 4_000;

    private string _directory = null!;
    private AuditWriter _writer = null!;

    [Params(8, 64)]
    public int Producers { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "compliance-bench", Guid.NewGuid().ToString("N"));
        var key = RandomNumberGenerator.GetBytes(32);
        var options = Options.Create(new AuditOptions { Directory = _directory, SealKey = Convert.ToBase64String(key) });
        _writer = new AuditWriter(new FileAuditStore(_directory), options, Options.Create(new ComplianceOptions { ServiceName = "bench" }), new AuditSealKey(key), TimeProvider.System);
        await _writer.StartingAsync(CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _writer.StoppedAsync(CancellationToken.None);
        await _writer.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public Task AcknowledgedEvents()
    {
        var perProducer = Events / Producers;
        return Task.WhenAll(Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                await _writer.WriteAsync(new AuditEvent
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
