using System.Net;
using System.Net.Http.Json;
using Compliance.Runtime.Mfa;
using OtpNet;

namespace Compliance.Runtime.ScaleOut.Tests.Redis;

/// <summary>
/// Two instances of one application on the shared Redis server, with requests alternating
/// between them: they must behave as one instance would.
/// </summary>
public sealed class RedisScaleOutTests : IAsyncLifetime
{
    private readonly Cluster _cluster = new();
    private ScaleOutApp _a = null!;
    private ScaleOutApp _b = null!;

    public async Task InitializeAsync()
    {
        _a = await ScaleOutApp.StartAsync(_cluster, TestServers.RedisConfiguration);
        _b = await ScaleOutApp.StartAsync(_cluster, TestServers.RedisConfiguration);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        if (TestServers.RedisIsReachable)
        {
            await _cluster.DeleteKeysAsync(TestServers.RedisConfiguration);
        }
    }

    [RedisFact]
    public async Task AuthenticationTier_AdmitsTenInTotal_AndTheEleventhGets429WithTheExactRetryAfter()
    {
        // Every request comes from a different address of one IPv6 /64: one caller.
        for (var i = 1; i <= 10; i++)
        {
            var response = await LoginAsync(Instance(i), $"2001:db8:7:1::{i:x}");
            Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"Request {i} on instance {(i % 2 == 1 ? "A" : "B")} was refused: {(int)response.StatusCode}.");
        }

        var rejected = await LoginAsync(_b, "2001:db8:7:1::ff");
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal("900", rejected.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(_a, "2001:db8:7:1::fe")).StatusCode);

        // The wait is exact: one second early is still refused (and told to wait one second) ...
        _cluster.Clock.Advance(TimeSpan.FromSeconds(899));
        var early = await LoginAsync(_a, "2001:db8:7:1::fd");
        Assert.Equal(HttpStatusCode.TooManyRequests, early.StatusCode);
        Assert.Equal("1", early.Headers.GetValues("Retry-After").Single());

        // ... and from then on the window holds none of the ten: the caller is admitted again.
        _cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NoContent, (await LoginAsync(_b, "2001:db8:7:1::fc")).StatusCode);

        // Another /64 is another caller.
        Assert.Equal(HttpStatusCode.NoContent, (await LoginAsync(_a, "2001:db8:7:2::1")).StatusCode);
    }

    [RedisFact]
    public async Task AccountLimit_IsSharedToo_GuessesFromManyAddressesAtOneAccountStopAtTen()
    {
        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await LoginAsync(Instance(i), $"198.51.100.{i}", "erin@example.org")).StatusCode);
        }

        var rejected = await LoginAsync(_a, "198.51.100.77", "ERIN@example.org ");
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal("900", rejected.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.NoContent, (await LoginAsync(_b, "198.51.100.78", "frank@example.org")).StatusCode);
    }

    [RedisFact]
    public async Task Session_CreatedOnA_WorksOnB_AndSignOutOnA_EndsItOnB()
    {
        var browser = _a.NewBrowser();
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/sessions/alice")).StatusCode);

        browser.Client = _b.Client();
        var me = await browser.GetAsync("/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("alice", (await me.Content.ReadFromJsonAsync<ScaleOutApp.Me>())!.User);

        // Activity on B is seen by A (idle time is one clock for both).
        _cluster.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/me")).StatusCode);
        _cluster.Clock.Advance(TimeSpan.FromMinutes(10));
        browser.Client = _a.Client();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/me")).StatusCode);

        var cookie = browser.Cookies["__Host-session"];
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SignOutAsync()).StatusCode);

        // The old cookie, replayed on B, names a session that no longer exists.
        var replay = _b.NewBrowser();
        replay.Cookies["__Host-session"] = cookie;
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/me")).StatusCode);
    }

    [RedisFact]
    public async Task TotpCode_AcceptedOnA_IsRejectedOnB()
    {
        // Enrol on A; B gets the same record, as from a shared (or replicated) MFA store.
        var totp = (ITotpService)_a.App.Services.GetService(typeof(ITotpService))!;
        var enrollment = await totp.BeginEnrollmentAsync("dr.grey", "dr.grey");
        var secret = Base32Encoding.ToBytes(enrollment.Secret);
        Assert.NotNull(await totp.ConfirmEnrollmentAsync("dr.grey", Code(secret)));
        await _b.MfaStore.SaveAsync((await _a.MfaStore.FindAsync("dr.grey"))!);

        _cluster.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = Code(secret);
        Assert.Equal(nameof(TotpVerificationResult.Success), await VerifyAsync(_a, code));
        Assert.Equal(nameof(TotpVerificationResult.Replayed), await VerifyAsync(_b, code));

        // B's own store had not seen the step: Redis refused it, not the store.
        Assert.True((await _b.MfaStore.FindAsync("dr.grey"))!.LastUsedStep < (await _a.MfaStore.FindAsync("dr.grey"))!.LastUsedStep);

        // A later code passes once, wherever it is used first; an earlier one (still within the drift) never does.
        var previous = new Totp(secret).ComputeTotp(_cluster.Clock.GetUtcNow().AddSeconds(-30).UtcDateTime);
        _cluster.Clock.Advance(TimeSpan.FromSeconds(30));
        var next = Code(secret);
        Assert.Equal(nameof(TotpVerificationResult.Success), await VerifyAsync(_b, next));
        Assert.Equal(nameof(TotpVerificationResult.Replayed), await VerifyAsync(_a, next));
        Assert.NotEqual(nameof(TotpVerificationResult.Success), await VerifyAsync(_a, previous));
    }

    private ScaleOutApp Instance(int request) => request % 2 == 1 ? _a : _b;

    private string Code(byte[] secret) => new Totp(secret).ComputeTotp(_cluster.Clock.GetUtcNow().UtcDateTime);

    private static async Task<string> VerifyAsync(ScaleOutApp app, string code)
    {
        var response = await app.Client().PostAsync(new Uri($"/mfa/dr.grey/{code}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ScaleOutApp.MfaResult>())!.Result;
    }

    internal static Task<HttpResponseMessage> LoginAsync(ScaleOutApp app, string address, string? account = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/login");
        request.Headers.Add(ScaleOutApp.AddressHeader, address);
        request.Content = JsonContent.Create(new { username = account ?? string.Empty, password = "not-checked" });
        return app.Client().SendAsync(request);
    }
}
