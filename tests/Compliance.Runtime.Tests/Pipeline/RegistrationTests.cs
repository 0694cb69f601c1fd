using System.Net;
using System.Security.Cryptography;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Tests.Pipeline;

public sealed class PhiRecord
{
    public int Id { get; set; }

    [Phi(Category = "diagnosis")]
    public string Diagnosis { get; set; } = "";
}

public sealed class RegistrationTests
{
    [Fact]
    public async Task RetentionBelowSixYears_FailsAtStartup()
    {
        using var temp = new TempDirectory();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(
            builder => builder.Services.AddCompliance().AddAuditing(o =>
            {
                o.Directory = temp.Path;
                o.SealKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                o.Retention = TimeSpan.FromDays(365 * 5);
            }),
            app => app.UseCompliance()));
        Assert.Contains("six years", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingSealKey_FailsAtStartup()
    {
        using var temp = new TempDirectory();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(
            builder => builder.Services.AddCompliance().AddAuditing(o => o.Directory = temp.Path),
            app => app.UseCompliance()));
        Assert.Contains("seal key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SealKeyFile_IsCreatedForDevelopmentWhenAsked()
    {
        using var temp = new TempDirectory();
        var keyFile = Path.Combine(temp.Path, "keys", "seal.key");
        await using var app = await TestApp.StartAsync(
            builder => builder.Services.AddCompliance().AddAuditing(o =>
            {
                o.Directory = Path.Combine(temp.Path, "audit");
                o.SealKeyFile = keyFile;
                o.CreateSealKeyFileIfMissing = true;
            }),
            app => app.UseCompliance());
        await app.Services.GetRequiredService<IAuditLog>().WriteAsync(AuditEvent.Security(AuditActions.SignOut, AuditResult.Success));
        Assert.True(File.Exists(keyFile));
    }

    [Fact]
    public async Task UseCompliance_WithoutAddCompliance_Throws()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(_ => { }, app => app.UseCompliance()));
        Assert.Contains("AddCompliance()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseCompliance_AfterUseAuthorization_Throws()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            builder =>
            {
                builder.Services.AddAuthorization();
                builder.Services.AddCompliance();
            },
            app =>
            {
                app.UseAuthorization();
                app.UseCompliance();
            }));
        Assert.Contains("before UseAuthorization()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseRouting_AfterUseCompliance_FailsWhenThePipelineIsBuilt()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            builder => builder.Services.AddCompliance(),
            app =>
            {
                app.UseCompliance();
                app.UseRouting();
                app.MapGet("/", () => "ok");
            }));
        Assert.Contains("after UseRouting()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseAuthentication_AfterUseCompliance_IsReported()
    {
        await using var app = await TestApp.StartAsync(
            builder =>
            {
                builder.Services.AddAuthentication();
                builder.Services.AddCompliance();
            },
            app =>
            {
                app.UseRouting();
                app.UseCompliance();
                app.UseAuthentication();
                app.MapGet("/", () => "ok");
            });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.Client().GetAsync("/"));
        Assert.Contains("after UseAuthentication()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImplicitRoutingAndAuthentication_OfWebApplication_AreAccepted()
    {
        await using var app = await TestApp.StartAsync(
            builder =>
            {
                builder.Services.AddAuthentication();
                builder.Services.AddAuthorization();
                builder.Services.AddCompliance().AddRateLimiting();
            },
            app =>
            {
                app.UseCompliance();
                app.UseAuthorization();
                app.MapGet("/", () => "ok").RateLimited();
            });
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task VerifyComplianceControls_RefusesToStartWithUncontrolledPhiEndpoints_WhenRequired()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            builder => builder.Services.AddCompliance(o => o.RequireControlsOnAllPhiEndpoints = true).AddRateLimiting().AddValidation(),
            app =>
            {
                app.UseRouting();
                app.UseCompliance();
                app.VerifyComplianceControls();
                app.MapGet("/records/{id}", (int id) => new PhiRecord { Id = id });
                app.MapPost("/records", (PhiRecord record) => record.Id).RateLimited();
                app.MapGet("/plain", () => "ok");
            }));
        Assert.Contains("/records/{id}", error.Message, StringComparison.Ordinal);
        Assert.Contains("no audit, no rate limit", error.Message, StringComparison.Ordinal);
        Assert.Contains("no audit, no validation", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/plain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyComplianceControls_StartsWhenEveryPhiEndpointIsControlled()
    {
        using var temp = new TempDirectory();
        await using var app = await TestApp.StartAsync(
            builder => builder.Services.AddCompliance(o => o.RequireControlsOnAllPhiEndpoints = true)
                .AddAuditing(o =>
                {
                    o.Directory = temp.Path;
                    o.SealKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                })
                .AddRateLimiting()
                .AddValidation(),
            app =>
            {
                app.UseRouting();
                app.UseCompliance();
                app.VerifyComplianceControls();
                var records = app.MapGroup("/records").Audited(resourceType: "Record").RateLimited().Validated();
                records.MapGet("/{id}", (int id) => new PhiRecord { Id = id });
                records.MapPost("/", (PhiRecord record) => record.Id);
            });
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/records/1")).StatusCode);
    }

    [Fact]
    public async Task SecurityHeaders_AreWritten_AndPhiResponsesAreNotCached()
    {
        await using var app = await TestApp.StartAsync(
            builder => builder.Services.AddCompliance().AddSecurityHeaders(),
            app =>
            {
                app.UseRouting();
                app.UseCompliance();
                app.MapGet("/records/{id}", (int id) => new PhiRecord { Id = id });
                app.MapGet("/plain", (HttpContext context) =>
                {
                    context.Response.Headers.CacheControl = "public, max-age=60";
                    return "ok";
                });
            },
            environment: "Production");
        var client = app.Client();
        var phi = await client.GetAsync("/records/1");
        Assert.Equal("nosniff", Header(phi, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(phi, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(phi, "Referrer-Policy"));
        Assert.Contains("frame-ancestors 'none'", Header(phi, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Contains("camera=()", Header(phi, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.Equal("no-store", phi.Headers.CacheControl!.ToString());
        Assert.False(phi.Headers.Contains("Strict-Transport-Security"), "HSTS is only sent over HTTPS");

        var plain = await client.GetAsync("/plain");
        Assert.Equal("public, max-age=60", plain.Headers.CacheControl!.ToString());

        var https = await client.GetAsync("https://localhost/plain");
        Assert.Equal("max-age=31536000; includeSubDomains", Header(https, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task SecurityHeaders_SkipHstsInDevelopment_AndHonourNulls()
    {
        await using var app = await TestApp.StartAsync(
            builder => builder.Services.AddCompliance().AddSecurityHeaders(o => o.FrameOptions = null),
            app =>
            {
                app.UseSecurityHeaders();
                app.MapGet("/plain", () => "ok");
            },
            environment: "Development");
        var response = await app.Client().GetAsync("https://localhost/plain");
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.False(response.Headers.Contains("X-Frame-Options"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content) : "";
}
