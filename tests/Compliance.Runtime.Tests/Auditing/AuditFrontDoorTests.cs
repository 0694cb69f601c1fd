using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Sqlite;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.Tests.Auditing;

/// <summary>One audit front door: IAuditLog is always there, durability is explicit, metadata is matched by interface.</summary>
public sealed class AuditFrontDoorTests
{
    [Fact]
    public async Task IAuditLog_IsAlwaysRegistered_AsANoOpThatStillRejectsMalformedEvents_WhenAuditingIsOff()
    {
        await using var app = await TestApp.StartAsync(static builder => builder.Services.AddCompliance(), static _ => { });
        var log = app.Services.GetRequiredService<IAuditLog>();
        Assert.Same(NullAuditLog.Instance, log);
        await log.WriteAsync(AuditEvent.Security(AuditActions.SignOut, AuditResult.Success), AuditDurability.Buffered);
        await Assert.ThrowsAsync<ArgumentException>(async () => await log.WriteAsync(new AuditEvent { Action = AuditActions.SignOut, Actor = null! }));
    }

    [Fact]
    public async Task ExplicitDurability_BufferedAndAcknowledged_BothReachTheChain()
    {
        using var temp = new TempDirectory();
        await using (var app = await StartAsync(temp.Path))
        {
            var log = app.Services.GetRequiredService<IAuditLog>();
            Assert.IsNotType<NullAuditLog>(log);
            await log.WriteAsync(AuditEvent.Security(AuditActions.SignInSucceeded, AuditResult.Success), AuditDurability.Buffered);
            await log.WriteAsync(AuditEvent.Security(AuditActions.SignOut, AuditResult.Success), AuditDurability.Acknowledged);
        }

        Assert.Equal([AuditActions.SignInSucceeded, AuditActions.SignOut], AuditedEndpointTests.Records(temp.Path).Select(static r => r.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task EndpointMetadata_IsMatchedThroughIAuditedMetadata()
    {
        using var temp = new TempDirectory();
        await using (var app = await StartAsync(temp.Path, static app =>
            app.MapGet("/custom/{recordId}", () => "ok").WithMetadata(new CustomAudited())))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await app.Client().GetAsync("/custom/r-5")).StatusCode);
        }

        var record = Assert.Single(AuditedEndpointTests.Records(temp.Path));
        Assert.Equal("chart.view", record.GetProperty("action").GetString());
        Assert.Equal("Chart", record.GetProperty("resource").GetProperty("type").GetString());
        Assert.Equal("r-5", record.GetProperty("resource").GetProperty("id").GetString());
    }

    [Fact]
    public async Task RejectionFactory_RecordsStatusReasonAndFieldNames()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        var rejection = AuditEvent.Rejection(AuditActions.CsrfRejected, context, StatusCodes.Status403Forbidden, "missing_or_invalid_token", ["$.name"]);
        Assert.Equal(AuditResult.Denied, rejection.Outcome.Result);
        Assert.Equal(403, rejection.Outcome.HttpStatus);
        Assert.Equal(["$.name"], rejection.Fields);
        Assert.Equal(AuditResult.Failed, AuditEvent.Rejection(AuditActions.RateLimitRejected, context, 429, "rate_limited").Outcome.Result);
        await NullAuditLog.Instance.WriteAsync(rejection, AuditDurability.Buffered);
    }

    [Fact]
    public void TheSqliteStore_NeedsNoAccessToRuntimeInternals()
    {
        var grants = typeof(IAuditLog).Assembly.GetCustomAttributes(typeof(InternalsVisibleToAttribute), inherit: false)
            .Cast<InternalsVisibleToAttribute>()
            .Select(static a => a.AssemblyName);
        Assert.DoesNotContain(typeof(SqliteAuditStore).Assembly.GetName().Name, grants);
    }

    private static Task<WebApplication> StartAsync(string directory, Action<WebApplication>? map = null)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return TestApp.StartAsync(
            builder => builder.Services.AddCompliance().AddAuditing(o =>
            {
                o.Directory = directory;
                o.SealKey = key;
            }),
            app =>
            {
                app.UseRouting();
                app.UseCompliance();
                map?.Invoke(app);
            });
    }

    private sealed class CustomAudited : IAuditedMetadata
    {
        public string? Action => "chart.view";

        public string? ResourceType => "Chart";

        public string ResourceIdRouteValue => "recordId";
    }
}
