using System.Collections;
using System.Net;
using System.Security.Cryptography;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Files;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Compliance.Runtime.Tests.Auditing;

/// <summary>
/// Issue item 5: one malformed event must not wedge auditing. Bad events are refused at the door,
/// a serialization failure fails only its own producer, a dead or stalled writer is reported as
/// unavailable (503, health check) and no wait is unbounded.
/// </summary>
public sealed class MalformedEventTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task NullActor_IsRejectedAtEnqueue_NamingTheField_AndAuditingKeepsWorking()
    {
        using var temp = new TempDirectory();
        var key = RandomNumberGenerator.GetBytes(32);
        await using (var app = await StartAsync(temp.Path, key))
        {
            var log = app.Services.GetRequiredService<IAuditLog>();
            var bad = new AuditEvent { Action = AuditActions.SignInFailed, Actor = null!, Resource = new AuditResource("Patient", "Ada Example") };

            var rejected = await Assert.ThrowsAsync<ArgumentException>(() => log.WriteAsync(bad).AsTask().WaitAsync(Bound));
            Assert.Contains("Actor", rejected.Message, StringComparison.Ordinal);
            Assert.Equal("auditEvent", rejected.ParamName);
            Assert.DoesNotContain("Ada", rejected.Message, StringComparison.Ordinal);

            var response = await app.Client().GetAsync("/phi/patients/p-1").WaitAsync(Bound);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True((await new FileAuditVerifier(temp.Path, key).VerifyAsync()).IsValid);
        Assert.Single(AuditedEndpointTests.Records(temp.Path));
    }

    [Theory]
    [InlineData("Action")]
    [InlineData("Actor.Type")]
    [InlineData("Outcome")]
    [InlineData("Resource.Type")]
    [InlineData("Request.Method")]
    [InlineData("Fields")]
    public async Task EveryRequiredField_IsValidatedAtEnqueue(string field)
    {
        using var temp = new TempDirectory();
        await using var app = await StartAsync(temp.Path, RandomNumberGenerator.GetBytes(32));
        var log = app.Services.GetRequiredService<IAuditLog>();
        var valid = AuditHarness.Event();
        var bad = field switch
        {
            "Action" => valid with { Action = null! },
            "Actor.Type" => valid with { Actor = new AuditActor(null!) },
            "Outcome" => valid with { Outcome = null! },
            "Resource.Type" => valid with { Resource = new AuditResource(null!, "1") },
            "Request.Method" => valid with { Request = new AuditRequest(null!, null, null, null) },
            _ => valid with { Fields = ["$.name", null!] },
        };

        var rejected = await Assert.ThrowsAsync<ArgumentException>(() => log.WriteAsync(bad).AsTask().WaitAsync(Bound));
        Assert.Contains(field, rejected.Message, StringComparison.Ordinal);
        await log.WriteAsync(valid).AsTask().WaitAsync(Bound);
    }

    [Fact]
    public async Task SerializationFailure_FailsOnlyItsOwnProducer()
    {
        using var temp = new TempDirectory();
        var key = RandomNumberGenerator.GetBytes(32);
        await using (var app = await StartAsync(temp.Path, key))
        {
            var log = app.Services.GetRequiredService<IAuditLog>();
            var poisoned = AuditHarness.Event() with { Fields = new ThrowsOnSecondEnumeration() };
            var good = Enumerable.Range(0, 20).Select(i => log.WriteAsync(AuditHarness.Event(i)).AsTask()).ToList();
            var bad = log.WriteAsync(poisoned).AsTask();
            good.AddRange(Enumerable.Range(20, 20).Select(i => log.WriteAsync(AuditHarness.Event(i)).AsTask()));

            await Assert.ThrowsAnyAsync<Exception>(() => bad.WaitAsync(Bound));
            await Task.WhenAll(good).WaitAsync(Bound);
            Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/phi/patients/p-1").WaitAsync(Bound)).StatusCode);
        }

        Assert.True((await new FileAuditVerifier(temp.Path, key).VerifyAsync()).IsValid);
        Assert.Equal(41, AuditedEndpointTests.Records(temp.Path).Count);
    }

    [Fact]
    public async Task DeadWriter_IsUnavailable_Answers503_AndFailsTheHealthCheck()
    {
        using var temp = new TempDirectory();
        var clock = new FailingClock();
        await using var app = await StartAsync(temp.Path, RandomNumberGenerator.GetBytes(32), clock);
        var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/phi/patients/p-1").WaitAsync(Bound)).StatusCode);

        // The writer's clock breaks: whatever the writer does with it must not leave requests hanging.
        clock.Fail = true;
        var first = await client.GetAsync("/phi/patients/p-2").WaitAsync(Bound);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/phi/patients/p-3").WaitAsync(Bound)).StatusCode);
        var log = app.Services.GetRequiredService<IAuditLog>();
        await Assert.ThrowsAsync<AuditStoreUnavailableException>(() => log.WriteAsync(AuditHarness.Event()).AsTask().WaitAsync(Bound));

        var health = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync().WaitAsync(Bound);
        Assert.Equal(HealthStatus.Unhealthy, health.Entries["compliance-audit"].Status);
    }

    [Fact]
    public async Task StalledStore_AcknowledgementTimesOut_WithA503_AndTheLogReportsUnavailable()
    {
        using var temp = new TempDirectory();
        using var store = new FaultyAuditStore(temp.Path);
        await using var app = await StartAsync(temp.Path, RandomNumberGenerator.GetBytes(32), store: store, configure: static o => o.AcknowledgementTimeout = TimeSpan.FromMilliseconds(500));
        var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/phi/patients/p-1").WaitAsync(Bound)).StatusCode);

        store.HangAppends = true;
        var stalled = await client.GetAsync("/phi/patients/p-2").WaitAsync(Bound);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stalled.StatusCode);
        Assert.DoesNotContain("Ada", await stalled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var log = app.Services.GetRequiredService<IAuditLog>();
        var stalledFor = System.Diagnostics.Stopwatch.StartNew();
        while (log.IsAvailable)
        {
            // The commit started a little after the request enqueued; it counts as stalled once it has run for the timeout.
            Assert.True(stalledFor.Elapsed < Bound, "A stalled store call never made the log unavailable.");
            await Task.Delay(50);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/phi/patients/p-3").WaitAsync(Bound)).StatusCode);

        store.HangAppends = false;
    }

    private static Task<WebApplication> StartAsync(string directory, byte[] key, TimeProvider? time = null, IAuditStore? store = null, Action<AuditOptions>? configure = null) =>
        TestApp.StartAsync(
            builder =>
            {
                builder.Services.Configure<HostOptions>(static o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
                if (store is not null)
                {
                    builder.Services.AddSingleton(store);
                }

                builder.Services.AddCompliance().AddAuditing(o =>
                {
                    o.Directory = directory;
                    o.SealKey = Convert.ToBase64String(key);
                    configure?.Invoke(o);
                });
            },
            app =>
            {
                app.UseRouting();
                app.UseCompliance();
                app.MapGet("/phi/patients/{id}", (string id) => "Ada Example " + id).Audited(resourceType: "Patient");
            },
            time);

    /// <summary>Passes the enqueue-time check (one enumeration) and then throws when the writer serialises it.</summary>
    private sealed class ThrowsOnSecondEnumeration : IReadOnlyList<string>
    {
        private int _enumerations;

        public int Count => 1;

        public string this[int index] => "$.name";

        public IEnumerator<string> GetEnumerator() =>
            Interlocked.Increment(ref _enumerations) > 1 ? throw new InvalidOperationException("boom") : ((IEnumerable<string>)["$.name"]).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class FailingClock : TimeProvider
    {
        public volatile bool Fail;

        public override DateTimeOffset GetUtcNow() => Fail ? throw new InvalidOperationException("clock failure") : base.GetUtcNow();
    }
}
