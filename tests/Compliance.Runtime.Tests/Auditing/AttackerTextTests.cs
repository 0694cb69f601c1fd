using System.Net;
using System.Security.Cryptography;
using System.Text;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.Tests.Auditing;

/// <summary>
/// The trail is kept six years and cannot be pruned, so nothing a client chooses may be stored
/// whole: member names used to be echoed in the 400 and written to the record (a 900 KB name gave
/// a 900 KB record, an SSN typed as a key was kept), and every 429 wrote its own record.
/// </summary>
public sealed class AttackerTextTests
{
    [Fact]
    public async Task HugeUnknownMemberName_GivesASmall400_AndASmallRecord()
    {
        using var temp = new TempDirectory();
        await using (var app = await StartAsync(temp.Path))
        {
            var name = new string('x', 900 * 1024);
            using var response = await app.Client().PostAsync("/notes", new StringContent("{\"" + name + "\":1}", Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True(body.Length < 1024, $"The 400 body is {body.Length} characters.");
            Assert.DoesNotContain("xxxxxxxx", body, StringComparison.Ordinal);
        }

        var record = Assert.Single(AuditedEndpointTests.Records(temp.Path), static r => r.GetProperty("action").GetString() == AuditActions.ValidationRejected);
        Assert.True(record.GetRawText().Length < 1024, $"The record is {record.GetRawText().Length} characters.");
        Assert.True(AuditFiles.LogFiles(temp.Path).Sum(static f => new FileInfo(f).Length) < 4096);
    }

    [Fact]
    public async Task SsnTypedAsAMemberName_NeverReachesTheResponseOrTheLog()
    {
        using var temp = new TempDirectory();
        await using (var app = await StartAsync(temp.Path))
        {
            using var response = await app.Client().PostAsync("/notes", new StringContent("""{"text":"x","123-45-6789":"y"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.DoesNotContain("6789", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var raw = string.Concat(AuditFiles.LogFiles(temp.Path).Select(File.ReadAllText));
        Assert.Contains(AuditActions.ValidationRejected, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("6789", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectionFlood_IsOneRecordPerPartitionAndWindow_WithTheCount()
    {
        using var temp = new TempDirectory();
        var clock = new TestClock();
        await using (var app = await StartAsync(temp.Path, clock))
        {
            var client = app.Client();
            for (var i = 0; i < 203; i++)
            {
                await SendAsUserAsync(client, "mallory");
            }

            for (var i = 0; i < 5; i++)
            {
                await SendAsUserAsync(client, "trent");
            }

            // The next minute's rejections are a new record.
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsUserAsync(client, "mallory")).StatusCode);
        }

        var rejected = AuditedEndpointTests.Records(temp.Path).Where(static r => r.GetProperty("action").GetString() == AuditActions.RateLimitRejected).ToList();
        Assert.Equal(3, rejected.Count);
        Assert.Equal(
            [("mallory", 200), ("mallory", 1), ("trent", 2)],
            rejected.Select(static r => (r.GetProperty("actor").GetProperty("id").GetString(), r.GetProperty("count").GetInt32())).OrderBy(static r => r.Item1).ThenByDescending(static r => r.Item2));
        Assert.All(rejected, static r => Assert.Equal(429, r.GetProperty("outcome").GetProperty("http_status").GetInt32()));
    }

    [Fact]
    public async Task RejectionsFromTooManyPartitions_ShareOneOverflowRecord()
    {
        using var temp = new TempDirectory();
        await using (var harness = await AuditHarness.StartAsync(temp.Path))
        {
            var aggregator = new AuditRejectionAggregator(harness.Writer, TimeProvider.System, TimeSpan.FromHours(1));
            var rejection = AuditEvent.Security(AuditActions.RateLimitRejected, AuditResult.Failed, reason: "rate_limited");
            for (var i = 0; i < AuditRejectionAggregator.MaxBuckets + 50; i++)
            {
                await aggregator.RecordAsync(rejection, "ip:" + i);
            }

            await aggregator.FlushAsync(all: true);
        }

        var counts = AuditedEndpointTests.Records(temp.Path).Select(static r => r.GetProperty("count").GetInt32()).ToList();
        Assert.Equal(AuditRejectionAggregator.MaxBuckets + 1, counts.Count);
        Assert.Equal(AuditRejectionAggregator.MaxBuckets + 50, counts.Sum());
        Assert.Equal(50, counts.Max());
    }

    [Fact]
    public async Task OversizedEventMembers_AreTruncatedWithAMarker_AtConstruction()
    {
        using var temp = new TempDirectory();
        await using (var app = await StartAsync(temp.Path))
        {
            var log = app.Services.GetRequiredService<IAuditLog>();
            var huge = new string('y', 100_000);
            var auditEvent = AuditEvent.Security(AuditActions.SignInFailed, AuditResult.Failed, new AuditActor("user", huge), reason: huge) with
            {
                Fields = Enumerable.Range(0, 1000).Select(static i => "$.f" + i).ToArray(),
                Request = new AuditRequest(huge, huge, null, null),
            };
            Assert.Equal(AuditLimits.MaxTextLength, auditEvent.Actor.Id!.Length);
            Assert.EndsWith("…[truncated, 100000 chars]", auditEvent.Actor.Id, StringComparison.Ordinal);
            Assert.Equal(AuditLimits.MaxFields, auditEvent.Fields!.Count);
            Assert.Equal("…[969 more fields]", auditEvent.Fields[^1]);
            await log.WriteAsync(auditEvent);
        }

        var record = Assert.Single(AuditedEndpointTests.Records(temp.Path));
        Assert.True(record.GetRawText().Length < 16 * 1024, $"The record is {record.GetRawText().Length} characters.");
    }

    private static Task<HttpResponseMessage> SendAsUserAsync(HttpClient client, string user)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/reset");
        request.Headers.Add(TestApp.UserHeader, user);
        return client.SendAsync(request);
    }

    private static Task<WebApplication> StartAsync(string directory, TimeProvider? clock = null) =>
        TestApp.StartAsync(
            builder => builder.Services.AddCompliance()
                .AddAuditing(o =>
                {
                    o.Directory = directory;
                    o.SealKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                })
                .AddRateLimiting()
                .AddValidation(),
            app =>
            {
                app.UseRouting();
                app.UseHeaderUser();
                app.UseCompliance();
                app.MapGet("/reset", () => "ok").RateLimited(RateLimitTier.PasswordReset);
                app.MapPost("/notes", (AuditedEndpointTests.NoteInput note) => note.Text).Validated();
            },
            clock);
}
