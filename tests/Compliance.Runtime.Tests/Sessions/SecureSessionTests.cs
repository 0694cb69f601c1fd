using System.Net;
using System.Net.Http.Json;
using Compliance.Runtime.Auditing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.Tests.Sessions;

public sealed class SecureSessionTests : IAsyncLifetime
{
    private SessionHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await SessionHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task SignIn_IssuesAHostOnlySessionCookie_HoldingNoTicket()
    {
        var browser = _harness.NewBrowser();

        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/login/alice")).StatusCode);

        var cookie = Assert.Single(browser.SetCookieHeaders, c => c.StartsWith("__Host-session=", StringComparison.Ordinal));
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("max-age", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.True(browser.Cookies["__Host-session"].Length < 400, "The cookie should carry a session key, not the ticket.");
        Assert.Equal("alice", (await MeAsync(browser))!.User);
        Assert.Contains(_harness.Audit.Events, e => e.Action == AuditActions.SignInSucceeded && e.Actor.Id == "alice");
    }

    [Fact]
    public async Task IdleTimeout_IsEnforcedByTheStore()
    {
        var browser = _harness.NewBrowser();
        await browser.PostAsync("/login/alice");

        // Activity every 14 minutes keeps the session alive well past the 15-minute idle limit.
        for (var i = 0; i < 4; i++)
        {
            _harness.Clock.Advance(TimeSpan.FromMinutes(14));
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/me")).StatusCode);
        }

        _harness.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/me")).StatusCode);
        Assert.Contains(_harness.Audit.Events, e => e.Action == AuditActions.SessionTimedOut && e.Outcome.Reason == "idle_timeout" && e.Actor.Id == "alice");

        // The session is gone, not just refused once.
        _harness.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/me")).StatusCode);
    }

    [Fact]
    public async Task AbsoluteTimeout_EndsEvenAnActiveSession()
    {
        var browser = _harness.NewBrowser();
        await browser.PostAsync("/login/alice");

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(8) - TimeSpan.FromMinutes(10); elapsed += TimeSpan.FromMinutes(10))
        {
            _harness.Clock.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/me")).StatusCode);
        }

        _harness.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/me")).StatusCode);
        Assert.Contains(_harness.Audit.Events, e => e.Action == AuditActions.SessionTimedOut && e.Outcome.Reason == "absolute_timeout");
    }

    [Fact]
    public async Task RevokingOneSession_TakesEffectOnItsNextRequest()
    {
        var laptop = _harness.NewBrowser();
        var phone = _harness.NewBrowser();
        await laptop.PostAsync("/login/alice");
        await phone.PostAsync("/login/alice");
        var sid = (await MeAsync(laptop))!.Sid!;

        await _harness.Revoker.RevokeAsync(sid);

        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/me")).StatusCode);
        Assert.Contains(_harness.Audit.Events, e => e.Action == AuditActions.SessionRevoked && e.Resource!.Id == sid);
    }

    [Fact]
    public async Task RevokingAllSessionsOfAUser_TakesEffectOnTheirNextRequests()
    {
        var laptop = _harness.NewBrowser();
        var phone = _harness.NewBrowser();
        var bob = _harness.NewBrowser();
        await laptop.PostAsync("/login/alice");
        await phone.PostAsync("/login/alice");
        await bob.PostAsync("/login/bob");

        await _harness.Revoker.RevokeAllAsync("alice");

        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/me")).StatusCode);

        _harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await laptop.PostAsync("/login/alice");
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/me")).StatusCode);
    }

    [Fact]
    public async Task SigningInAgain_RotatesTheSessionId()
    {
        var browser = _harness.NewBrowser();
        await browser.PostAsync("/login/alice");
        var planted = browser.Cookies["__Host-session"];
        var before = (await MeAsync(browser))!.Sid;

        // A sign-in over an existing session (a fixated cookie, or a step-up) must not keep its id.
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/login/alice", headers: await CsrfAsync(browser))).StatusCode);
        var after = (await MeAsync(browser))!.Sid;

        Assert.NotEqual(planted, browser.Cookies["__Host-session"]);
        Assert.NotEqual(before, after);
        var attacker = _harness.NewBrowser();
        attacker.Cookies["__Host-session"] = planted;
        Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.GetAsync("/me")).StatusCode);
    }

    [Fact]
    public async Task SignOut_EndsTheServerSession_SoTheOldCookieCannotBeReplayed()
    {
        var browser = _harness.NewBrowser();
        await browser.PostAsync("/login/alice");
        var copied = browser.Cookies["__Host-session"];
        var token = await CsrfAsync(browser);

        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/logout", headers: token)).StatusCode);

        var replay = _harness.NewBrowser();
        replay.Cookies["__Host-session"] = copied;
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/me")).StatusCode);
        Assert.Contains(_harness.Audit.Events, e => e.Action == AuditActions.SignOut && e.Actor.Id == "alice");
    }

    [Fact]
    public async Task ForgedOrUnknownCookies_AreRejected()
    {
        var browser = _harness.NewBrowser();
        browser.Cookies["__Host-session"] = "CfDJ8-not-a-ticket";

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/me")).StatusCode);
    }

    [Fact]
    public async Task JsonPost_WithSessionCookie_NeedsTheCsrfHeader()
    {
        var browser = _harness.NewBrowser();
        await browser.PostAsync("/login/alice");

        var forged = await browser.PostAsync("/api/notes", new SessionHarness.Note("hi"));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains(_harness.Audit.Events, e => e.Action == AuditActions.CsrfRejected && e.Outcome.Result == AuditResult.Denied);

        var token = await CsrfAsync(browser);
        var wrong = await browser.PostAsync("/api/notes", new SessionHarness.Note("hi"), new Dictionary<string, string> { ["X-CSRF-TOKEN"] = "bogus" });
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);

        var accepted = await browser.PostAsync("/api/notes", new SessionHarness.Note("hi"), token);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("alice:hi", (await accepted.Content.ReadFromJsonAsync<SessionHarness.Note>())!.Text);
    }

    [Fact]
    public async Task JsonPost_WithBearerToken_IsExemptFromCsrf()
    {
        var api = _harness.NewBrowser();

        var response = await api.PostAsync("/api/notes", new SessionHarness.Note("hi"), new Dictionary<string, string> { ["Authorization"] = "Bearer user:service-1" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("service-1:hi", (await response.Content.ReadFromJsonAsync<SessionHarness.Note>())!.Text);
    }

    [Fact]
    public async Task CookieAuthenticatedPost_WithAJunkBearerHeader_StillNeedsTheCsrfToken()
    {
        var browser = _harness.NewBrowser();
        await browser.PostAsync("/login/alice");

        // The header authenticates nothing; the session cookie does, so the request is exactly as forgeable as without it.
        var forged = await browser.PostAsync("/api/notes", new SessionHarness.Note("hi"), new Dictionary<string, string> { ["Authorization"] = "Bearer x" });
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains(_harness.Audit.Events, e => e.Action == AuditActions.CsrfRejected && e.Actor.Id == "alice");

        var token = await CsrfAsync(browser);
        token["Authorization"] = "Bearer x";
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync("/api/notes", new SessionHarness.Note("hi"), token)).StatusCode);
    }

    [Fact]
    public async Task CorruptSessionEntry_IsNoSession_AndASecurityEvent()
    {
        var browser = _harness.NewBrowser();
        await browser.PostAsync("/login/alice");
        var sid = (await MeAsync(browser))!.Sid!;
        var cache = _harness.App.Services.GetRequiredService<IDistributedCache>();
        var entry = (await cache.GetAsync("cr:session:" + sid))!;

        // Out-of-range timestamps, as a cache that lost or mixed bytes could hold.
        var corrupt = (byte[])entry.Clone();
        corrupt.AsSpan(1, 8).Fill(0xFF);
        await cache.SetAsync("cr:session:" + sid, corrupt);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/me")).StatusCode);
        Assert.Contains(_harness.Audit.Events, e => e.Action == AuditActions.SessionCorrupt && e.Resource?.Id == sid && e.Outcome.Result == AuditResult.Denied);
        Assert.Null(await cache.GetAsync("cr:session:" + sid));

        // A bad length prefix in the user id is just as much no session.
        var other = _harness.NewBrowser();
        await other.PostAsync("/login/bob");
        var otherSid = (await MeAsync(other))!.Sid!;
        var bytes = (await cache.GetAsync("cr:session:" + otherSid))!;
        bytes.AsSpan(25, Math.Min(5, bytes.Length - 25)).Fill(0xFF);
        await cache.SetAsync("cr:session:" + otherSid, bytes);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/me")).StatusCode);
    }

    [Fact]
    public async Task CsrfToken_FromAnotherUser_IsRejected()
    {
        var alice = _harness.NewBrowser();
        var mallory = _harness.NewBrowser();
        await alice.PostAsync("/login/alice");
        await mallory.PostAsync("/login/mallory");
        var malloryToken = await CsrfAsync(mallory);

        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsync("/api/notes", new SessionHarness.Note("hi"), malloryToken)).StatusCode);
    }

    private static async Task<SessionHarness.Me?> MeAsync(Browser browser)
    {
        var response = await browser.GetAsync("/me");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<SessionHarness.Me>() : null;
    }

    private static async Task<Dictionary<string, string>> CsrfAsync(Browser browser)
    {
        var response = await browser.GetAsync("/antiforgery/token");
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<SessionHarness.CsrfToken>())!;
        Assert.Equal("X-CSRF-TOKEN", token.HeaderName);
        Assert.True(browser.Cookies.ContainsKey("__Host-csrf"));
        return new Dictionary<string, string> { [token.HeaderName] = token.Token };
    }
}
