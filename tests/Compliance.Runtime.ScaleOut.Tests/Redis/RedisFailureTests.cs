using System.Net;
using System.Net.Http.Json;

namespace Compliance.Runtime.ScaleOut.Tests.Redis;

/// <summary>With its Redis server gone, the application fails closed, says why in its health check, and recovers when the server is back.</summary>
public sealed class RedisFailureTests
{
    [RedisServerFact]
    public async Task RedisDown_RateLimitedAndSessionRequestsAnswer503_HealthNamesRedis_AndAllRecover()
    {
        Assert.NotNull(ThrowawayRedis.ServerPath);
        using var redis = new ThrowawayRedis();
        await redis.StartAsync();
        var cluster = new Cluster();
        await using var a = await ScaleOutApp.StartAsync(cluster, redis.Configuration);
        await using var b = await ScaleOutApp.StartAsync(cluster, redis.Configuration, environment: "Development");

        var browser = a.NewBrowser();
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/sessions/alice")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await RedisScaleOutTests.LoginAsync(b, "203.0.113.9")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.Client().GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);

        redis.Stop();

        // Every instance, whatever its environment (b has the developer exception page), refuses with 503 rather than admitting unchecked.
        foreach (var app in new[] { a, b })
        {
            var limited = await RedisScaleOutTests.LoginAsync(app, "203.0.113.9");
            await AssertUnavailableAsync(limited);

            browser.Client = app.Client();
            await AssertUnavailableAsync(await browser.GetAsync("/me"));

            var health = await app.Client().GetAsync(new Uri("/health", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        }

        // The health check that fails is the one named for Redis.
        var report = await HealthReportAsync(a);
        Assert.Contains("compliance-redis", report.Keys);

        await redis.StartAsync();

        // The connection comes back by itself; the server lost its data, so the old session is gone (401, not admitted).
        await EventuallyAsync(async () => (await RedisScaleOutTests.LoginAsync(a, "203.0.113.9")).StatusCode == HttpStatusCode.NoContent);
        await EventuallyAsync(async () => (await RedisScaleOutTests.LoginAsync(b, "203.0.113.9")).StatusCode == HttpStatusCode.NoContent);
        browser.Client = a.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/sessions/alice")).StatusCode);
        browser.Client = b.Client();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/me")).StatusCode);
        await EventuallyAsync(async () => (await a.Client().GetAsync(new Uri("/health", UriKind.Relative))).StatusCode == HttpStatusCode.OK);
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        Assert.Equal(503, int.Parse(problem!["status"].ToString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<Dictionary<string, string>> HealthReportAsync(ScaleOutApp app)
    {
        var service = (Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService)app.App.Services.GetService(typeof(Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService))!;
        var report = await service.CheckHealthAsync();
        return report.Entries
            .Where(e => e.Value.Status != Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy)
            .ToDictionary(e => e.Key, e => e.Value.Description ?? string.Empty);
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The application did not recover within 30 seconds of Redis coming back.");
            await Task.Delay(250);
        }
    }
}
