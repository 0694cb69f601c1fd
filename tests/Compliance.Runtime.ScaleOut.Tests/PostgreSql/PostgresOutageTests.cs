using System.Diagnostics;
using System.Net;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.PostgreSql;
using Xunit.Abstractions;

namespace Compliance.Runtime.ScaleOut.Tests.PostgreSql;

/// <summary>With PostgreSQL down, audited requests fail closed, the health check says so, and both recover when it returns.</summary>
public sealed class PostgresOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task WithPostgreSqlDown_AuditedRequestsFailClosed_TheHealthCheckSaysSo_AndEverythingRecovers()
    {
        if (ThrowawayPostgres.Unavailable() is { } reason)
        {
            // Under CI the server is installed and the run is root: a missing one is a failure there, not a skip.
            Assert.False(TestServers.IsCi, "CI=true but " + reason);
            output.WriteLine("SKIPPED: " + reason);
            return;
        }

        await using var server = await ThrowawayPostgres.StartAsync();
        await using var database = await TestDatabase.CreateAsync(server.ConnectionString);
        var settings = ScaleOutSettings.For(database.ApplicationConnectionString);
        await using var app = await ScaleOutApp.StartAsync(settings);

        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/patients/p-before")).StatusCode);
        Assert.Contains("compliance-postgresql=Healthy", await HealthAsync(app), StringComparison.Ordinal);

        await server.StopServerAsync();
        var down = true;
        try
        {
            var handled = app.HandlerRuns;
            for (var i = 0; i < 5; i++)
            {
                var response = await app.Client.GetAsync("/patients/p-down-" + i);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.DoesNotContain("record of", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // Only the first read ran its handler (the failure was not known yet) and its body was held back and
            // replaced by the 503; once the log knows, no handler runs at all. The health checks name the database and the log.
            Assert.InRange(app.HandlerRuns - handled, 0, 1);
            var health = await HealthAsync(app);
            Assert.Contains("compliance-postgresql=Unhealthy", health, StringComparison.Ordinal);
            Assert.Contains("compliance-audit=Unhealthy", health, StringComparison.Ordinal);

            await server.StartServerAsync();
            down = false;
        }
        finally
        {
            if (down)
            {
                // An assertion failed while the server was down: bring it back so the database can be dropped.
                await server.StartServerAsync();
            }
        }

        var watch = Stopwatch.StartNew();
        while ((await app.Client.GetAsync("/patients/p-after")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "The application did not recover after PostgreSQL returned.");
            await Task.Delay(200);
        }

        output.WriteLine($"recovered {watch.Elapsed} after the server returned");
        Assert.Contains("compliance-postgresql=Healthy", await HealthAsync(app), StringComparison.Ordinal);
        var report = await new PostgreSqlAuditVerifier(database.ApplicationConnectionString, new AuditVerificationOptions { Keys = AuditSealKeySet.ForAnyKeyId(settings.SealKeyBytes) }).VerifyAsync();
        Assert.True(report.IsValid, string.Join("\n", report.Issues));
        Assert.Empty(await database.ColumnAsAdminAsync("SELECT convert_from(content, 'UTF8') FROM compliance.audit_records WHERE convert_from(content, 'UTF8') LIKE '%p-down-%'"));
    }

    private static async Task<string> HealthAsync(RunningApp app) => await (await app.Client.GetAsync("/health")).Content.ReadAsStringAsync();
}
