using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Compliance.Runtime.RateLimiting;
using Compliance.Runtime.Tests.Auditing;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Compliance.Runtime.Tests.RateLimiting;

/// <summary>
/// Credential tiers used to be counted per full client address only: an IPv6 client rotating
/// through its /64 had a fresh limit per request, and one account could be guessed at from any
/// number of addresses.
/// </summary>
public sealed class LoginPartitionTests
{
    private const string AddressHeader = "X-Test-Address";

    [Fact]
    public async Task AddressesInOneIPv6Slash64_ShareTheLimit_OtherNetworksDoNot()
    {
        using var temp = new TempDirectory();
        await using var app = await StartAsync(temp.Path, new TestClock());
        var client = app.Client();
        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, $"2001:db8:1:2::{i:x}", account: null)).StatusCode);
        }

        var rejected = await LoginAsync(client, "2001:db8:1:2:ffff:ffff:ffff:ffff", account: null);
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal("900", rejected.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, "2001:db8:1:3::1", account: null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, "192.0.2.1", account: null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, "192.0.2.2", account: null)).StatusCode);
    }

    [Fact]
    public async Task OneAccount_FromManyAddresses_IsLimited_WithAnExactRetryAfter()
    {
        using var temp = new TempDirectory();
        var clock = new TestClock();
        await using var app = await StartAsync(temp.Path, clock);
        var client = app.Client();
        for (var i = 1; i <= 10; i++)
        {
            var response = await LoginAsync(client, $"198.51.100.{i}", "Alice@Example.org");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            // The handler still gets the whole body.
            Assert.Equal("Alice@Example.org", await response.Content.ReadAsStringAsync());
            clock.Advance(TimeSpan.FromSeconds(10));
        }

        // Same account, new address, other letter case: refused until the first attempt leaves the window.
        var rejected = await LoginAsync(client, "203.0.113.50", "alice@example.org");
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal("800", rejected.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, "203.0.113.50", "bob@example.org")).StatusCode);

        clock.Advance(TimeSpan.FromSeconds(800));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, "203.0.113.51", "alice@example.org")).StatusCode);
    }

    [Fact]
    public async Task PasswordReset_FormField_IsPartitionedByAccount()
    {
        using var temp = new TempDirectory();
        await using var app = await StartAsync(temp.Path, new TestClock());
        var client = app.Client();
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ResetAsync(client, $"198.51.100.{i}", "carol")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await ResetAsync(client, "198.51.100.9", "carol")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ResetAsync(client, "198.51.100.9", "dave")).StatusCode);
    }

    [Fact]
    public async Task TheUserName_NeverAppearsInLogsAuditRecordsOrPartitionKeys()
    {
        using var temp = new TempDirectory();
        var logs = new ConcurrentQueue<string>();
        await using (var app = await StartAsync(temp.Path, new TestClock(), logs))
        {
            var client = app.Client();
            for (var i = 1; i <= 12; i++)
            {
                await LoginAsync(client, $"198.51.100.{i}", "erin.secret@example.org");
            }

            var accounts = app.Services.GetRequiredService<AccountPartition>();
            var key = await accounts.KeyAsync("erin.secret@example.org");
            Assert.DoesNotContain("erin", key, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(key, await accounts.KeyAsync(" ERIN.SECRET@example.org "));
            Assert.NotEqual(key, await accounts.KeyAsync("frank@example.org"));
        }

        Assert.NotEmpty(logs);
        Assert.DoesNotContain(logs, static l => l.Contains("erin", StringComparison.OrdinalIgnoreCase));
        var raw = string.Concat(AuditFiles.LogFiles(temp.Path).Select(File.ReadAllText));
        Assert.Contains("ratelimit.rejected", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("erin", raw, StringComparison.OrdinalIgnoreCase);
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string address, string? account)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/login");
        request.Headers.Add(AddressHeader, address);
        request.Content = JsonContent.Create(new { username = account, password = "correct horse" });
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> ResetAsync(HttpClient client, string address, string account)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/reset");
        request.Headers.Add(AddressHeader, address);
        request.Content = new FormUrlEncodedContent([new("username", account)]);
        return client.SendAsync(request);
    }

    private static Task<WebApplication> StartAsync(string directory, TimeProvider clock, ConcurrentQueue<string>? logs = null) =>
        TestApp.StartAsync(
            builder =>
            {
                if (logs is not null)
                {
                    builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingLoggerProvider(logs));
                }

                builder.Services.AddCompliance()
                    .AddAuditing(o =>
                    {
                        o.Directory = directory;
                        o.SealKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                    })
                    .AddRateLimiting();
            },
            app =>
            {
                app.Use((context, next) =>
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[AddressHeader].ToString());
                    return next(context);
                });
                app.UseRouting();
                app.UseCompliance();
                app.MapPost("/login", (LoginInput input) => input.Username ?? "").RateLimited(RateLimitTier.Authentication);
                app.MapPost("/reset", (HttpContext context) => context.Request.Form["username"].ToString()).RateLimited(RateLimitTier.PasswordReset).DisableAntiforgery();
            },
            clock);

    public sealed record LoginInput(string? Username, string Password);

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> messages) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception) + " " + state + " " + exception);
        }
    }
}
