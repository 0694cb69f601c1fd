using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.PostgreSql;
using Npgsql;
using Xunit.Abstractions;

namespace Compliance.Runtime.ScaleOut.Tests.PostgreSql;

/// <summary>Two application instances append to one audit chain in PostgreSQL.</summary>
public sealed class PostgresAuditScaleOutTests(ITestOutputHelper output)
{
    private const int WritersPerInstance = 4;
    private const int EventsPerWriter = 1_000;

    [PostgresFact]
    public async Task TwoInstances_FourWritersEach_ThousandEventsEach_GiveOneVerifiableChain_WithNothingLost()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = ScaleOutSettings.For(database.ApplicationConnectionString);
        var acknowledged = new ConcurrentBag<string>();
        await using (var a = await ScaleOutApp.StartAsync(settings))
        await using (var b = await ScaleOutApp.StartAsync(settings))
        {
            var instances = new[] { a, b };

            // 2 × 4 writers; each writer's requests alternate between the two instances.
            var writers = Enumerable.Range(0, 2 * WritersPerInstance).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < EventsPerWriter; i++)
                {
                    var id = $"w{w}-{i}";
                    var response = await instances[(w + i) % 2].Client.GetAsync("/patients/" + id);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    acknowledged.Add(id);
                }
            })).ToArray();
            await Task.WhenAll(writers);

            Assert.Equal(2 * WritersPerInstance * EventsPerWriter, a.HandlerRuns + b.HandlerRuns);
            Assert.True(a.HandlerRuns > 0 && b.HandlerRuns > 0);

            // The verifier an instance registers checks the same chain the other instance wrote.
            var report = await a.Service<IAuditVerifier>().VerifyAsync();
            Assert.True(report.IsValid, string.Join("\n", report.Issues));
        }

        var stored = await database.ColumnAsAdminAsync("SELECT convert_from(content, 'UTF8')::jsonb #>> '{resource,id}' FROM compliance.audit_records WHERE convert_from(content, 'UTF8')::jsonb ->> 'action' = 'phi.read'");
        Assert.Equal(2 * WritersPerInstance * EventsPerWriter, acknowledged.Count);
        Assert.Equal(acknowledged.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));

        // Both instances wrote into one stream, and group commit put several records in a transaction.
        Assert.Equal(1L, await database.ScalarAsAdminAsync<long>("SELECT count(DISTINCT stream) FROM compliance.audit_records"));
        var verifier = new PostgreSqlAuditVerifier(database.ApplicationConnectionString, new AuditVerificationOptions { Keys = AuditSealKeySet.ForAnyKeyId(settings.SealKeyBytes) });
        var final = await verifier.VerifyAsync();
        Assert.True(final.IsValid, string.Join("\n", final.Issues));
        Assert.NotNull(final.LatestCheckpoint);
        output.WriteLine($"{final.RecordCount} records, last checkpoint at {final.LatestCheckpoint!.Sequence}");
    }

    [PostgresFact]
    public async Task KillingOneInstanceMidWrite_WithSigkill_LosesNoAcknowledgedEvent()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = ScaleOutSettings.For(database.ApplicationConnectionString);
        using var a = await ChildInstance.StartAsync(settings, output);
        using var b = await ChildInstance.StartAsync(settings, output);
        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var killed = 0;
        var instances = new[] { a, b };
        var writers = Enumerable.Range(0, 2 * WritersPerInstance).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var instance = instances[(w + i) % 2];
                if (instance == a && Volatile.Read(ref killed) == 1)
                {
                    continue;
                }

                var id = $"w{w}-{i}";
                try
                {
                    var response = await instance.Client.GetAsync("/patients/" + id);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged.Add(id);
                    }
                }
                catch (HttpRequestException)
                {
                    // A request in flight to the killed instance: never acknowledged.
                }
            }
        })).ToArray();

        await WaitUntilAsync(() => acknowledged.Count >= 1_500, TimeSpan.FromSeconds(60));
        a.Kill();
        Volatile.Write(ref killed, 1);
        var atKill = acknowledged.Count;

        // B keeps appending after A died holding (or about to take) the chain's lock.
        await WaitUntilAsync(() => acknowledged.Count >= atKill + 1_000, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        b.Stop();

        var stored = (await database.ColumnAsAdminAsync("SELECT convert_from(content, 'UTF8')::jsonb #>> '{resource,id}' FROM compliance.audit_records WHERE convert_from(content, 'UTF8')::jsonb ->> 'action' = 'phi.read'")).ToHashSet(StringComparer.Ordinal);
        var lost = acknowledged.Where(id => !stored.Contains(id)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged events are missing, e.g. {string.Join(", ", lost.Take(5))}");

        var report = await new PostgreSqlAuditVerifier(database.ApplicationConnectionString, new AuditVerificationOptions { Keys = AuditSealKeySet.ForAnyKeyId(settings.SealKeyBytes) }).VerifyAsync();
        Assert.True(report.IsValid, string.Join("\n", report.Issues));
        output.WriteLine($"{acknowledged.Count} acknowledged ({atKill} before the kill), {report.RecordCount} records stored");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < timeout, "Timed out waiting for the writers.");
            await Task.Delay(50);
        }
    }

    /// <summary>An instance running as a child process on Kestrel, so it can be killed with SIGKILL.</summary>
    private sealed class ChildInstance : IDisposable
    {
        private readonly Process _process;

        private ChildInstance(Process process, HttpClient client)
        {
            _process = process;
            Client = client;
        }

        public HttpClient Client { get; }

        public static async Task<ChildInstance> StartAsync(ScaleOutSettings settings, ITestOutputHelper output)
        {
            var port = FreePort();
            var url = $"http://127.0.0.1:{port}";
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { typeof(ScaleOutAppProgram).Assembly.Location, "scale-out-app", url, settings.ConnectionString, settings.SealKey, settings.KeyEncryptionKey })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start)!;
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    output.WriteLine("child: " + e.Data);
                }
            };
            process.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.Equal("listening", line);
            return new ChildInstance(process, new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) });
        }

        /// <summary>SIGKILL: no shutdown, no drain, no final checkpoint.</summary>
        public void Kill() => _process.Kill(entireProcessTree: true);

        public void Stop()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit();
        }

        public void Dispose()
        {
            Stop();
            Client.Dispose();
            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
