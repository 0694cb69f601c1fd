using System.Net;
using System.Net.Http.Json;
using Compliance.Runtime.RateLimiting;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.Tests.RateLimiting;

public sealed class RateLimitingTests
{
    [Theory]
    [InlineData(RateLimitTier.Authentication, 10, 900)]
    [InlineData(RateLimitTier.PasswordReset, 3, 3600)]
    [InlineData(RateLimitTier.Standard, 100, 60)]
    [InlineData(RateLimitTier.Bulk, 10, 60)]
    [InlineData(RateLimitTier.Admin, 50, 60)]
    public async Task EveryTier_AdmitsExactlyN_ThenAnswers429WithAnAccurateRetryAfter(RateLimitTier tier, int limit, int windowSeconds)
    {
        var clock = new TestClock();
        await using var app = await StartAsync(clock);
        var client = app.Client();

        for (var i = 0; i < limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tier/" + tier)).StatusCode);
        }

        var rejected = await client.GetAsync("/tier/" + tier);
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        var problem = await rejected.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(429, problem!.Status);

        // The true wait: the whole window for the sliding log, one emission interval (window / N) for GCRA.
        var exact = tier is RateLimitTier.Authentication or RateLimitTier.PasswordReset
            ? TimeSpan.FromSeconds(windowSeconds)
            : TimeSpan.FromSeconds(windowSeconds / (double)limit);
        var retryAfter = TimeSpan.FromSeconds(int.Parse(rejected.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(retryAfter - exact, TimeSpan.Zero, TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));

        clock.Advance(retryAfter - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/tier/" + tier)).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tier/" + tier)).StatusCode);
    }

    [Fact]
    public async Task SlidingLog_RetryAfterCountsFromTheOldestRequestInTheWindow()
    {
        var clock = new TestClock();
        await using var app = await StartAsync(clock);
        var client = app.Client();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tier/Authentication")).StatusCode);
            clock.Advance(TimeSpan.FromSeconds(10.5));
        }

        // First request at 0 s, now 105 s: it leaves the 15-minute window in 795 s.
        var rejected = await client.GetAsync("/tier/Authentication");
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal("795", rejected.Headers.GetValues("Retry-After").Single());
        clock.Advance(TimeSpan.FromSeconds(795));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tier/Authentication")).StatusCode);

        // Only one slot was freed: the second request of the original burst is still in the window.
        var again = await client.GetAsync("/tier/Authentication");
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
    }

    [Fact]
    public async Task Limits_ArePartitionedByUser()
    {
        var clock = new TestClock();
        await using var app = await StartAsync(clock);
        var client = app.Client();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsUser(client, "/tier/PasswordReset", "alice")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsUser(client, "/tier/PasswordReset", "alice")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsUser(client, "/tier/PasswordReset", "bob")).StatusCode);
    }

    [Fact]
    public async Task EndpointsWithoutATier_AreNotLimited()
    {
        await using var app = await StartAsync(new TestClock());
        var client = app.Client();
        for (var i = 0; i < 150; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/free")).StatusCode);
        }
    }

    [Fact]
    public async Task ConfiguredTiers_OverrideTheDefaults()
    {
        var clock = new TestClock();
        await using var app = await StartAsync(clock, o => o.Tier(RateLimitTier.Standard, 2, TimeSpan.FromSeconds(30)));
        var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tier/Standard")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tier/Standard")).StatusCode);
        var rejected = await client.GetAsync("/tier/Standard");
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal("15", rejected.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public void Limiters_ReportIdleOnlyWhenTheirHistoryExpired()
    {
        var clock = new TestClock();
        using var sliding = new SlidingLogRateLimiter(clock, 2, TimeSpan.FromMinutes(1));
        using var gcra = new GcraRateLimiter(clock, 2, TimeSpan.FromMinutes(1));
        Assert.NotNull(sliding.IdleDuration);
        Assert.True(sliding.AttemptAcquire().IsAcquired);
        Assert.True(gcra.AttemptAcquire().IsAcquired);
        Assert.Null(sliding.IdleDuration);
        Assert.Null(gcra.IdleDuration);

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(TimeSpan.FromMinutes(1), sliding.IdleDuration);
        Assert.Equal(TimeSpan.FromSeconds(90), gcra.IdleDuration);
    }

    private static Task<HttpResponseMessage> SendAsUser(HttpClient client, string path, string user)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(TestApp.UserHeader, user);
        return client.SendAsync(request);
    }

    private static Task<WebApplication> StartAsync(TimeProvider clock, Action<RateLimitingOptions>? configure = null) =>
        TestApp.StartAsync(
            builder => builder.Services.AddCompliance().AddRateLimiting(configure),
            app =>
            {
                app.UseRouting();
                app.UseHeaderUser();
                app.UseCompliance();
                foreach (var tier in Enum.GetValues<RateLimitTier>())
                {
                    app.MapGet("/tier/" + tier, () => "ok").RateLimited(tier);
                }

                app.MapGet("/free", () => "ok");
            },
            clock);
}
