using System.Net;
using Compliance.Runtime.ControlVerification;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.Tests.Pipeline;

/// <summary>Endpoint controls whose middleware is missing stop the application instead of doing nothing (the runtime side of CMP3007).</summary>
public sealed class WiringTests
{
    [Fact]
    public async Task AddComplianceWithoutUseCompliance_FailsAtStartup_NamingTheEndpointTheCallAndThePage()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            builder => builder.Services.AddCompliance().AddRateLimiting(),
            app =>
            {
                app.MapGet("/patients/{id}", (int id) => id).RateLimited();
                app.MapGet("/health", () => "ok");
            }));

        Assert.Contains("HTTP: GET /patients/{id}", error.Message, StringComparison.Ordinal);
        Assert.Contains("[RateLimited] needs app.UseCompliance()", error.Message, StringComparison.Ordinal);
        Assert.Contains("docs/runtime/rate-limiting.md", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/health", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseComplianceWithoutTheFeatureAControlNeeds_FailsAtStartup()
    {
        // [RateLimited] as an attribute: the same metadata MVC actions carry.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            builder => builder.Services.AddCompliance().AddValidation(),
            app =>
            {
                app.UseCompliance();
                app.MapGet("/patients", [RateLimited] () => "list");
                app.MapPost("/patients", (PhiRecord record) => record.Id).Validated();
            }));

        Assert.Contains("HTTP: GET /patients", error.Message, StringComparison.Ordinal);
        Assert.Contains("[RateLimited] needs builder.Services.AddCompliance().AddRateLimiting(), which the application never calls", error.Message, StringComparison.Ordinal);
        Assert.Contains("docs/runtime/rate-limiting.md", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("[Validated]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryMissingPieceOfEveryControl_IsListed()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            builder => builder.Services.AddCompliance(),
            app => app.MapGroup("/records").Audited().Validated().MapGet("/{id}", (int id) => id)));

        Assert.Contains("[Audited] needs builder.Services.AddCompliance().AddAuditing() and app.UseCompliance()", error.Message, StringComparison.Ordinal);
        Assert.Contains("[Validated] needs builder.Services.AddCompliance().AddValidation() and app.UseCompliance()", error.Message, StringComparison.Ordinal);
        Assert.Contains("docs/runtime/auditing.md", error.Message, StringComparison.Ordinal);
        Assert.Contains("docs/runtime/validation.md", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Activates <see cref="ComplianceHostingStartup"/> through the web host's own hosting-startup
    /// discovery, by assembly name. The package's build targets declare it in the application's
    /// assembly instead, which the same discovery reads (proven by the package tests).
    /// </summary>
    private static readonly string[] HostingStartupArgs = [$"--{WebHostDefaults.HostingStartupAssembliesKey}=Compliance.Runtime"];

    [Fact]
    public async Task NeitherCall_WithTheHostingStartup_MinimalApiConventions_FailAtStartup_NamingTheEndpointsTheCallsAndThePage()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            builder => { },
            app =>
            {
                app.MapGet("/limited", () => "ok").RateLimited(RateLimitTier.Standard);
                app.MapGroup("/admin").RequireMfa().MapGet("/keys", () => "keys");
                app.MapGet("/health", () => "ok");
            },
            args: HostingStartupArgs));

        Assert.Contains("never calls builder.Services.AddCompliance()", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP: GET /limited: [RateLimited] needs builder.Services.AddCompliance().AddRateLimiting() and app.UseCompliance()", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP: GET /admin/keys: [RequireMfa] needs builder.Services.AddCompliance().AddMfa() and app.UseCompliance()", error.Message, StringComparison.Ordinal);
        Assert.Contains("docs/runtime/rate-limiting.md", error.Message, StringComparison.Ordinal);
        Assert.Contains("docs/runtime/wiring.md", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/health", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeitherCall_WithTheHostingStartup_AnMvcAttribute_FailsAtStartup()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            builder => builder.Services.AddControllersOf(typeof(RateLimitedWiringController)),
            app => app.MapControllers(),
            args: HostingStartupArgs));

        Assert.Contains(typeof(RateLimitedWiringController).FullName + ".Get", error.Message, StringComparison.Ordinal);
        Assert.Contains("[RateLimited] needs builder.Services.AddCompliance().AddRateLimiting() and app.UseCompliance()", error.Message, StringComparison.Ordinal);
        Assert.Contains("docs/runtime/wiring.md", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeitherCall_WithTheHostingStartup_AnApplicationWithoutControls_Starts()
    {
        await using var app = await TestApp.StartAsync(
            builder => builder.Services.AddControllersOf(),
            app =>
            {
                app.MapControllers();
                app.MapGet("/health", () => "ok");
            },
            args: HostingStartupArgs);

        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task WithTheHostingStartup_ACorrectlyWiredApplication_Starts_AndItsMissingPiecesAreReportedOnce()
    {
        // AddCompliance() registers the same startup filter: it must run once, not twice.
        await using (var app = await TestApp.StartAsync(
            builder => builder.Services.AddCompliance().AddRateLimiting(),
            app =>
            {
                app.UseCompliance();
                app.MapGet("/limited", () => "ok").RateLimited();
            },
            args: HostingStartupArgs))
        {
            Assert.Single(app.Services.GetServices<IStartupFilter>(), static f => f is ComplianceWiringStartupFilter);
            Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/limited")).StatusCode);
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            builder => builder.Services.AddCompliance().AddRateLimiting(),
            app => app.MapGet("/limited", () => "ok").RateLimited(),
            args: HostingStartupArgs));
        Assert.Contains("[RateLimited] needs app.UseCompliance()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeitherCall_WithoutTheHostingStartup_MinimalApiConventions_RefuseToServeTheEndpoints()
    {
        // The hosting startup turned off (ComplianceStartupCheck=false, or a host that prevents
        // hosting startups): nothing of Compliance.Runtime is in the application, so the
        // conventions fail when routing first builds the endpoints, for every request.
        await using var app = await TestApp.StartAsync(
            builder => { },
            app => app.MapGet("/patients/{id}", (int id) => id).RateLimited());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.Client().GetAsync("/patients/1"));
        Assert.Contains("HTTP: GET /patients/{id}", error.Message, StringComparison.Ordinal);
        Assert.Contains(".RateLimited() ([RateLimited]) needs builder.Services.AddCompliance().AddRateLimiting() and app.UseCompliance()", error.Message, StringComparison.Ordinal);
        Assert.Contains("docs/runtime/rate-limiting.md", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.Client().GetAsync("/patients/2"));
    }

    [Fact]
    public async Task NeitherCall_WithoutTheHostingStartup_RequireMfaOnAGroup_RefusesToServeTheEndpoints()
    {
        await using var app = await TestApp.StartAsync(
            builder => { },
            app => app.MapGroup("/admin").RequireMfa().MapGet("/keys", () => "keys"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.Client().GetAsync("/admin/keys"));
        Assert.Contains(".RequireMfa() ([RequireMfa]) needs builder.Services.AddCompliance().AddMfa()", error.Message, StringComparison.Ordinal);
        Assert.Contains("docs/runtime/mfa.md", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeitherCall_WithoutTheHostingStartup_AttributesAlone_AreLeftToTheAnalyzer()
    {
        // Documented limit of the opt-out: a bare attribute is metadata only and nothing of ours
        // runs; CMP3007 reports it at build time.
        await using var app = await TestApp.StartAsync(
            builder => { },
            app => app.MapGet("/patients", [RateLimited] () => "list"));

        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/patients")).StatusCode);
    }

    [Fact]
    public async Task ACorrectlyWiredApplication_Starts()
    {
        await using var app = await TestApp.StartAsync(
            builder => builder.Services.AddCompliance().AddRateLimiting().AddValidation(),
            app =>
            {
                app.UseCompliance();
                app.MapGet("/patients", [RateLimited] () => "list");
                app.MapPost("/patients", (PhiRecord record) => record.Id).RateLimited().Validated();
            });

        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/patients")).StatusCode);
    }

    [Fact]
    public async Task TheTemplateAppAsTheCodeFixWiresIt_Admits100RequestsAMinute_AndAnswers429ToThe101st()
    {
        // The reported scenario: `dotnet new webapi` with .RateLimited() (Standard tier, 100 per
        // minute) after CMP3007's fix wrote the registration and the middleware.
        await using var app = await TestApp.StartAsync(
            builder => builder.Services.AddCompliance().AddRateLimiting(),
            app =>
            {
                app.UseHttpsRedirection();
                app.UseCompliance();
                app.MapGet("/weatherforecast", () => new[] { "Freezing", "Bracing" }).RateLimited();
            });
        var client = app.Client();

        for (var i = 1; i <= 100; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/weatherforecast")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/weatherforecast")).StatusCode);
    }
}

/// <summary>An MVC action with a bare <c>[RateLimited]</c>, as CMP3007's users write them.</summary>
[ApiController]
[Route("wiring/limited")]
public sealed class RateLimitedWiringController : ControllerBase
{
    [HttpGet]
    [RateLimited]
    public string Get() => "ok";
}
