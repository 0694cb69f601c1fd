using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.Tests.Auditing;

[ApiController]
[Route("mvc/patients")]
[Audited(ResourceType = "Patient")]
public sealed class AuditedPatientsController : ControllerBase
{
    [HttpGet("{id}")]
    public IActionResult Get(string id) => id == "missing" ? NotFound() : Ok(new { id, fullName = "Ada Example" });

    [HttpDelete("{id}")]
    [Audited(Action = "phi.purge", ResourceType = "Patient")]
    public IActionResult Delete(string id) => NoContent();
}

public sealed class AuditedEndpointTests
{
    [Fact]
    public async Task ControllerAndMinimalEndpoints_WriteRecordsWithTheDocumentedFields_AndNoPhi()
    {
        using var temp = new TempDirectory();
        var key = RandomNumberGenerator.GetBytes(32);
        await using (var app = await StartAsync(temp.Path, key))
        {
            var client = app.Client();
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/mvc/patients/p-17?name=Ada+Example", "alice")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Get, "/mvc/patients/missing", "alice")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(client, HttpMethod.Delete, "/mvc/patients/p-17", "alice")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/minimal/appointments/a-3", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Get, "/minimal/forbidden/a-4", "bob")).StatusCode);
            await Assert.ThrowsAsync<InvalidOperationException>(() => SendAsync(client, HttpMethod.Get, "/minimal/throws/a-5", "bob"));
        }

        var records = Records(temp.Path);
        Assert.Equal(7, records.Count);

        // The DELETE changes state: its durable "attempted" record precedes the handler, its outcome record follows.
        var attempt = records[2];
        Assert.Equal("phi.purge", attempt.GetProperty("action").GetString());
        Assert.Equal("attempted", attempt.GetProperty("outcome").GetProperty("result").GetString());
        Assert.False(attempt.GetProperty("outcome").TryGetProperty("http_status", out _));
        records.RemoveAt(2);

        var read = records[0];
        Assert.Equal("phi.read", read.GetProperty("action").GetString());
        Assert.Equal("user", read.GetProperty("actor").GetProperty("type").GetString());
        Assert.Equal("alice", read.GetProperty("actor").GetProperty("id").GetString());
        Assert.Equal("Test", read.GetProperty("actor").GetProperty("auth_method").GetString());
        Assert.Equal("Patient", read.GetProperty("resource").GetProperty("type").GetString());
        Assert.Equal("p-17", read.GetProperty("resource").GetProperty("id").GetString());
        Assert.Equal("success", read.GetProperty("outcome").GetProperty("result").GetString());
        Assert.Equal(200, read.GetProperty("outcome").GetProperty("http_status").GetInt32());
        Assert.Equal("GET", read.GetProperty("request").GetProperty("method").GetString());
        Assert.Equal("mvc/patients/{id}", read.GetProperty("request").GetProperty("route_template").GetString());
        Assert.Equal("Compliance.Runtime.Tests", read.GetProperty("service").GetString());

        Assert.Equal("failed", records[1].GetProperty("outcome").GetProperty("result").GetString());
        Assert.Equal(404, records[1].GetProperty("outcome").GetProperty("http_status").GetInt32());
        Assert.Equal("phi.purge", records[2].GetProperty("action").GetString());

        var minimal = records[3];
        Assert.Equal("phi.read", minimal.GetProperty("action").GetString());
        Assert.Equal("anonymous", minimal.GetProperty("actor").GetProperty("type").GetString());
        Assert.Equal("Appointment", minimal.GetProperty("resource").GetProperty("type").GetString());
        Assert.Equal("a-3", minimal.GetProperty("resource").GetProperty("id").GetString());
        Assert.Equal("/minimal/appointments/{appointmentId}", minimal.GetProperty("request").GetProperty("route_template").GetString());

        Assert.Equal("denied", records[4].GetProperty("outcome").GetProperty("result").GetString());
        Assert.Equal("error", records[5].GetProperty("outcome").GetProperty("result").GetString());
        Assert.Equal("exception", records[5].GetProperty("outcome").GetProperty("reason").GetString());

        var raw = string.Concat(AuditFiles.LogFiles(temp.Path).Select(File.ReadAllText));
        Assert.DoesNotContain("Ada", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("name=", raw, StringComparison.Ordinal);
        Assert.True((await new Compliance.Runtime.Auditing.Files.FileAuditVerifier(temp.Path, key).VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task RateLimitAndValidationRejections_AreAudited()
    {
        using var temp = new TempDirectory();
        await using (var app = await StartAsync(temp.Path, RandomNumberGenerator.GetBytes(32)))
        {
            var client = app.Client();
            for (var i = 0; i < 4; i++)
            {
                await SendAsync(client, HttpMethod.Get, "/minimal/reset", "carol");
            }

            var invalid = await client.PostAsync("/minimal/notes", new StringContent("""{"text":"x","ssn":"123-45-6789"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        var records = Records(temp.Path);
        var rejected = Assert.Single(records, static r => r.GetProperty("action").GetString() == AuditActions.RateLimitRejected);
        Assert.Equal(429, rejected.GetProperty("outcome").GetProperty("http_status").GetInt32());
        Assert.Equal("carol", rejected.GetProperty("actor").GetProperty("id").GetString());
        var validation = Assert.Single(records, static r => r.GetProperty("action").GetString() == AuditActions.ValidationRejected);
        Assert.Equal("$.<unknown member>", validation.GetProperty("fields")[0].GetString());
        Assert.DoesNotContain("123-45-6789", validation.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnavailableStore_MakesAuditedEndpointsAnswer503_AndLeavesOthersAlone()
    {
        using var temp = new TempDirectory();
        var blocked = Path.Combine(temp.Path, "blocked");
        await File.WriteAllTextAsync(blocked, "not a directory");
        await using var app = await StartAsync(blocked, RandomNumberGenerator.GetBytes(32));
        var client = app.Client();

        var audited = await SendAsync(client, HttpMethod.Get, "/mvc/patients/p-1", "alice");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, audited.StatusCode);
        Assert.DoesNotContain("Ada", await audited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/minimal/health", null)).StatusCode);
    }

    [Fact]
    public async Task IAuditLog_WritesSecurityEventsThroughTheSameChain()
    {
        using var temp = new TempDirectory();
        await using (var app = await StartAsync(temp.Path, RandomNumberGenerator.GetBytes(32)))
        {
            var log = app.Services.GetRequiredService<IAuditLog>();
            await log.WriteAsync(AuditEvent.Security(AuditActions.SignInFailed, AuditResult.Failed, new AuditActor("user", "u-9"), reason: "invalid_credentials"));
            await log.WriteAsync(AuditEvent.Security(AuditActions.KeyRotated, AuditResult.Success, resource: new AuditResource("EncryptionKey", "0x1A2B3C4D")));
        }

        var records = Records(temp.Path);
        Assert.Equal([AuditActions.SignInFailed, AuditActions.KeyRotated], records.Select(static r => r.GetProperty("action").GetString()));
        Assert.Equal("invalid_credentials", records[0].GetProperty("outcome").GetProperty("reason").GetString());
        Assert.Equal("system", records[1].GetProperty("actor").GetProperty("type").GetString());
    }

    internal static List<JsonElement> Records(string directory) =>
        AuditFiles.Records(directory).Select(static d => d.RootElement.GetProperty("record").Clone()).ToList();

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? user)
    {
        var request = new HttpRequestMessage(method, path);
        if (user is not null)
        {
            request.Headers.Add(TestApp.UserHeader, user);
        }

        return client.SendAsync(request);
    }

    private static Task<WebApplication> StartAsync(string directory, byte[] key) =>
        TestApp.StartAsync(
            builder =>
            {
                builder.Services.AddControllers().AddApplicationPart(typeof(AuditedEndpointTests).Assembly);
                builder.Services.AddCompliance()
                    .AddAuditing(o =>
                    {
                        o.Directory = directory;
                        o.SealKey = Convert.ToBase64String(key);
                    })
                    .AddRateLimiting()
                    .AddValidation();
            },
            app =>
            {
                app.UseRouting();
                app.UseHeaderUser();
                app.UseCompliance();
                app.MapControllers();
                app.MapGet("/minimal/appointments/{appointmentId}", (string appointmentId) => new { appointmentId })
                    .Audited(resourceType: "Appointment", resourceIdRouteValue: "appointmentId");
                app.MapGet("/minimal/forbidden/{id}", () => Results.StatusCode(403)).Audited(resourceType: "Appointment");
                app.MapGet("/minimal/throws/{id}", string () => throw new InvalidOperationException("boom")).Audited(resourceType: "Appointment");
                app.MapGet("/minimal/reset", () => "ok").RateLimited(RateLimitTier.PasswordReset);
                app.MapPost("/minimal/notes", (NoteInput note) => note.Text).Validated();
                app.MapGet("/minimal/health", () => "ok");
            });

    public sealed record NoteInput(string Text);
}
