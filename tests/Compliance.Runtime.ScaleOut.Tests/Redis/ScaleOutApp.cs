using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using Compliance.Runtime.Encryption;
using Compliance.Runtime.Mfa;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Compliance.Runtime.ScaleOut.Tests.Redis;

/// <summary>
/// One instance of a small clinic API on the test server: rate-limited sign-in, secure sessions,
/// TOTP, all on Redis through <c>UseRedis</c>. Instances of one <see cref="Cluster"/> share the
/// Redis key prefix, the clock and the field-encryption key store (the part a shared database
/// plays in production); each has its own process-local services, MFA store included.
/// </summary>
internal sealed class ScaleOutApp : IAsyncDisposable
{
    public const string AddressHeader = "X-Test-Address";

    private ScaleOutApp(WebApplication app, InMemoryMfaStore mfaStore)
    {
        App = app;
        MfaStore = mfaStore;
    }

    public WebApplication App { get; }

    public InMemoryMfaStore MfaStore { get; }

    public HttpClient Client() => App.GetTestClient();

    public Browser NewBrowser() => new(App.GetTestClient());

    public static async Task<ScaleOutApp> StartAsync(Cluster cluster, string redisConfiguration, string environment = "Production")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ApplicationName = "Compliance.Runtime.ScaleOut.Tests" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var mfaStore = new InMemoryMfaStore();
        builder.Services.AddSingleton<TimeProvider>(cluster.Clock);
        builder.Services.AddSingleton<IDataKeyStore>(cluster.DataKeys);
        builder.Services.AddSingleton<IKeyEncryptionKeyProvider>(cluster.KeyEncryptionKey);
        builder.Services.AddSingleton<IMfaStore>(mfaStore);
        builder.Services.AddCompliance()
            .AddRateLimiting()
            .AddSecureSessions()
            .AddFieldEncryption()
            .AddMfa()
            .UseRedis(redisConfiguration, o => o.KeyPrefix = cluster.KeyPrefix);
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Headers[AddressHeader] is [{ Length: > 0 } address])
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address);
            }

            return next(context);
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseCompliance();
        app.UseAuthorization();
        app.MapPost("/login", () => Results.NoContent()).RateLimited(RateLimitTier.Authentication);
        app.MapPost("/sessions/{user}", async (HttpContext context, string user) =>
        {
            await context.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", user)], "Password")));
            return Results.NoContent();
        });
        app.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync();
            return Results.NoContent();
        }).RequireAuthorization();
        app.MapGet("/me", (ClaimsPrincipal user) => Results.Ok(new Me(user.FindFirst("sub")!.Value))).RequireAuthorization();
        app.MapPost("/mfa/{user}/{code}", async (string user, string code, ITotpService totp) =>
            Results.Ok(new MfaResult((await totp.VerifyAsync(user, code)).ToString())));
        app.MapHealthChecks("/health");
        app.MapCsrfToken();
        await app.StartAsync();
        return new ScaleOutApp(app, mfaStore);
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();

    public sealed record Me(string User);

    public sealed record MfaResult(string Result);

    public sealed record CsrfToken(string HeaderName, string Token);
}

/// <summary>What the instances of one test share besides Redis.</summary>
internal sealed class Cluster
{
    public TestClock Clock { get; } = new();

    public InMemoryDataKeyStore DataKeys { get; } = new();

    public LocalKeyEncryptionKeyProvider KeyEncryptionKey { get; } = new(RandomNumberGenerator.GetBytes(32));

    /// <summary>A fresh prefix per test, so tests and runs never see each other's keys.</summary>
    public string KeyPrefix { get; } = "compliance-test:" + Guid.NewGuid().ToString("N") + ":";

    /// <summary>Removes this test's keys (the secret and the key ring never expire by themselves).</summary>
    public async Task DeleteKeysAsync(string redisConfiguration)
    {
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redisConfiguration);
        foreach (var endpoint in connection.GetEndPoints())
        {
            var server = connection.GetServer(endpoint);
            await foreach (var key in server.KeysAsync(pattern: KeyPrefix + "*"))
            {
                await connection.GetDatabase().KeyDeleteAsync(key);
            }
        }
    }
}

/// <summary>A client that keeps cookies like a browser (over HTTPS); it can be pointed at any instance.</summary>
internal sealed class Browser(HttpClient client)
{
    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    public HttpClient Client { get; set; } = client;

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, new Uri("https://localhost" + path));
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        foreach (var header in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        var response = await Client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                var pair = setCookie.Split(';')[0];
                var name = pair[..pair.IndexOf('=', StringComparison.Ordinal)];
                var value = pair[(name.Length + 1)..];
                if (value.Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    Cookies.Remove(name);
                }
                else
                {
                    Cookies[name] = value;
                }
            }
        }

        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> PostAsync(string path, IDictionary<string, string>? headers = null) => SendAsync(HttpMethod.Post, path, headers);

    /// <summary>Signs out with the antiforgery header token the session's CSRF check asks for.</summary>
    public async Task<HttpResponseMessage> SignOutAsync()
    {
        var token = await (await GetAsync("/antiforgery/token")).Content.ReadFromJsonAsync<ScaleOutApp.CsrfToken>();
        return await PostAsync("/logout", new Dictionary<string, string> { [token!.HeaderName] = token.Token });
    }
}
