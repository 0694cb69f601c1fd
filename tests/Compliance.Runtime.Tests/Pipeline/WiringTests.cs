using System.Net;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
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

    [Fact]
    public async Task NeitherCall_MinimalApiConventions_RefuseToServeTheEndpoints()
    {
        // Nothing of Compliance.Runtime is in the application, so no startup hook exists: the
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
    public async Task NeitherCall_RequireMfaOnAGroup_RefusesToServeTheEndpoints()
    {
        await using var app = await TestApp.StartAsync(
            builder => { },
            app => app.MapGroup("/admin").RequireMfa().MapGet("/keys", () => "keys"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.Client().GetAsync("/admin/keys"));
        Assert.Contains(".RequireMfa() ([RequireMfa]) needs builder.Services.AddCompliance().AddMfa()", error.Message, StringComparison.Ordinal);
        Assert.Contains("docs/runtime/mfa.md", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeitherCall_AttributesAlone_AreLeftToTheAnalyzer()
    {
        // Documented limit: a bare attribute is metadata only and nothing of ours runs; CMP3007 reports it at build time.
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
