using System.Diagnostics;
using System.Net;
using System.Text;

namespace Compliance.Runtime.ScaleOut.Tests.PostgreSql;

/// <summary>The field-encryption key ring and MFA enrolments shared by two instances through the EF Core stores on PostgreSQL.</summary>
public sealed class PostgresKeyRingTests
{
    private static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(2);

    [PostgresFact]
    public async Task AKeyRevokedOnA_CannotDecryptOnB_AfterTheReloadInterval()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = ScaleOutSettings.For(database.ApplicationConnectionString) with { KeyRingReloadInterval = ReloadInterval };
        await using var a = await ScaleOutApp.StartAsync(settings);
        await using var b = await ScaleOutApp.StartAsync(settings);

        // Both instances share one ring: what A encrypts, B reads.
        var envelope = await TextAsync(a.Client.PostAsync("/notes/encrypt", Body("note written on A")));
        Assert.Equal("note written on A", await TextAsync(b.Client.PostAsync("/notes/decrypt", Body(envelope))));
        var revoked = await TextAsync(a.Client.GetAsync("/keys/active"));

        (await a.Client.PostAsync("/keys/revoke/" + revoked, null)).EnsureSuccessStatusCode();
        var revokedAt = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Forbidden, (await a.Client.PostAsync("/notes/decrypt", Body(envelope))).StatusCode);

        // A value under the key A created by revoking reads on B at once: B reloads on the unknown id.
        var fresh = await TextAsync(a.Client.PostAsync("/notes/encrypt", Body("after the revocation")));
        Assert.Equal("after the revocation", await TextAsync(b.Client.PostAsync("/notes/decrypt", Body(fresh))));

        // The documented bound: B refuses the revoked key within one reload interval (plus a reload).
        HttpStatusCode status;
        do
        {
            status = (await b.Client.PostAsync("/notes/decrypt", Body(envelope))).StatusCode;
            if (status != HttpStatusCode.Forbidden)
            {
                Assert.True(revokedAt.Elapsed < ReloadInterval + TimeSpan.FromSeconds(3), $"B still decrypts under the revoked key {revokedAt.Elapsed} after the revocation.");
                await Task.Delay(100);
            }
        }
        while (status != HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.Forbidden, (await b.Client.PostAsync("/notes/decrypt", Body(envelope))).StatusCode);
    }

    [PostgresFact]
    public async Task AnMfaEnrolmentStartedOnA_IsSeenOnB()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = ScaleOutSettings.For(database.ApplicationConnectionString);
        await using var a = await ScaleOutApp.StartAsync(settings);
        await using var b = await ScaleOutApp.StartAsync(settings);

        Assert.Equal(HttpStatusCode.NotFound, (await b.Client.GetAsync("/mfa/u-1")).StatusCode);
        (await a.Client.PostAsync("/mfa/u-1", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await b.Client.GetAsync("/mfa/u-1")).StatusCode);
        Assert.Equal(1L, await database.ScalarAsAdminAsync<long>("SELECT count(*) FROM compliance.compliance_mfa"));
    }

    private static StringContent Body(string text) => new(text, Encoding.UTF8, "text/plain");

    private static async Task<string> TextAsync(Task<HttpResponseMessage> request)
    {
        var response = await request;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
