using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Tests.ControlVerification;

/// <summary>
/// The runtime compliance inventory: the comparison with the build's table reports each kind of
/// difference and nothing when they agree, and the auditor's endpoint is closed to everyone else.
/// </summary>
public sealed class ComplianceInventoryTests
{
    private const string AuditorPolicy = "compliance-auditor";

    [Fact]
    public void Compare_OfEqualTables_ReportsNothing_EvenWhenRoutesAreWrittenDifferently()
    {
        var build = Report("build",
            Endpoint(["GET"], "/api/patients/{id:int}", ("authorization", "authorized"), ("audit", "audited"), ("rateLimit", "tier:Standard")),
            Endpoint(["POST", "PUT"], "/api/Patients", ("authorization", "authorized"), ("csrf", "validated")));
        var runtime = Report("runtime",
            Endpoint(["PUT", "POST"], "api/patients", ("authorization", "authorized"), ("csrf", "validated")),
            Endpoint(["GET"], "/api/patients/{ID}", ("authorization", "authorized"), ("audit", "audited"), ("rateLimit", "tier:Standard")));

        Assert.Empty(ComplianceInventory.Compare(build, runtime));
        Assert.Empty(ComplianceInventory.Compare(build, build));
    }

    [Fact]
    public void Compare_ReportsAnEndpointOnlyInTheBuild()
    {
        var build = Report("build", Endpoint(["GET"], "/api/patients"), Endpoint(["DELETE"], "/api/patients/{id}"));
        var runtime = Report("runtime", Endpoint(["GET"], "/api/patients"));

        var difference = Assert.Single(ComplianceInventory.Compare(build, runtime));
        Assert.Equal(new ComplianceInventoryDifference("DELETE /api/patients/{id}", null, "mapped", null, difference.Message), difference);
        Assert.Contains("in the build report but the running application does not map it", difference.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_ReportsAnEndpointOnlyAtRuntime()
    {
        var build = Report("build", Endpoint(["GET"], "/api/patients"));
        var runtime = Report("runtime", Endpoint(["GET"], "/api/patients"), Endpoint(["POST"], "/api/export"));

        var difference = Assert.Single(ComplianceInventory.Compare(build, runtime));
        Assert.Equal(new ComplianceInventoryDifference("POST /api/export", null, null, "mapped", difference.Message), difference);
        Assert.Contains("runs in the application but the build report does not list it", difference.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("authorization", "authorized", "anonymous")]
    [InlineData("audit", "audited", "none")]
    [InlineData("rateLimit", "tier:Strict", "tier:Standard")]
    [InlineData("validation", "validated", "none")]
    [InlineData("csrf", "validated", "ignored")]
    [InlineData("mfa", "required", "none")]
    public void Compare_ReportsAControlThatDiffers(string control, string built, string running)
    {
        var build = Report("build", Endpoint(["GET"], "/api/patients/{id}", (control, built)));
        var runtime = Report("runtime", Endpoint(["GET"], "/api/patients/{id}", (control, running)));

        var difference = Assert.Single(ComplianceInventory.Compare(build, runtime));
        Assert.Equal(("GET /api/patients/{id}", control, built, running), (difference.Endpoint, difference.Control, difference.Build, difference.Runtime));
        Assert.Equal($"GET /api/patients/{{id}}: the build reports {control} '{built}', the running application has '{running}'.", difference.Message);
    }

    [Fact]
    public void Compare_LeavesOutWhatOnlyOneSideCanObserve()
    {
        // A configured equivalent, .NET's own validation, a value that differs between the ways an
        // endpoint is mapped, and an endpoint a library maps are not differences.
        var build = Report("build",
            Endpoint(["GET"], "/api/patients/{id}", ("audit", "equivalent"), ("validation", "framework"), ("rateLimit", "tier:Standard|none")),
            Library(["GET"], "/compliance/inventory"));
        var runtime = Report("runtime",
            Endpoint(["GET"], "/api/patients/{id}", ("audit", "none"), ("validation", "none"), ("rateLimit", "none")),
            Library(["GET"], "/antiforgery/token"));

        Assert.Empty(ComplianceInventory.Compare(build, runtime));
    }

    [Fact]
    public async Task Export_OfARunningApplication_AgreesWithItself_AndDiffersFromAClaimedControl()
    {
        await using var app = await StartAsync();
        var runtime = ExportOf(app);

        var table = JsonNode.Parse(runtime)!;
        Assert.Equal("runtime", (string?)table["source"]);
        var patients = table["endpoints"]!.AsArray().Single(static e => (string?)e!["key"] == "GET /api/patients/{id}")!;
        Assert.Equal("/api/patients/{id:int}", (string?)patients["route"]);
        Assert.Equal("authorized", (string?)patients["controls"]!["authorization"]!["state"]);
        Assert.Equal("none", (string?)patients["controls"]!["audit"]!["state"]);
        Assert.Equal("anonymous", (string?)table["endpoints"]!.AsArray().Single(static e => (string?)e!["route"] == "/health")!["controls"]!["authorization"]!["state"]);
        Assert.Equal("library", (string?)table["endpoints"]!.AsArray().Single(static e => (string?)e!["route"] == "/compliance/inventory")!["origin"]);
        Assert.Empty(ComplianceInventory.Compare(runtime, runtime));

        // A build that claims the endpoint is audited while the application does not audit it.
        var claimed = JsonNode.Parse(runtime)!;
        claimed["source"] = "build";
        claimed["endpoints"]!.AsArray().Single(static e => (string?)e!["key"] == "GET /api/patients/{id}")!["controls"]!["audit"]!["state"] = "audited";
        var difference = Assert.Single(ComplianceInventory.Compare(claimed.ToJsonString(), runtime));
        Assert.Equal(("GET /api/patients/{id}", "audit", "audited", "none"), (difference.Endpoint, difference.Control, difference.Build, difference.Runtime));
    }

    [Fact]
    public async Task InventoryEndpoint_Is401Anonymous_403ForOthers_AndTheTableForTheAuditor()
    {
        await using var app = await StartAsync();
        var client = app.Client();

        using var anonymous = await client.GetAsync(new Uri("/compliance/inventory", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var clinician = await client.SendAsync(Request("alice", "clinician"));
        Assert.Equal(HttpStatusCode.Forbidden, clinician.StatusCode);

        using var auditor = await client.SendAsync(Request("bob", AuditorPolicy));
        Assert.Equal(HttpStatusCode.OK, auditor.StatusCode);
        Assert.Equal("no-store", auditor.Headers.CacheControl?.ToString());
        var body = JsonNode.Parse(await auditor.Content.ReadAsStringAsync())!;
        var endpoints = body["runtime"]!["endpoints"]!.AsArray();
        Assert.Equal(
            new[] { "/api/patients/{id:int}", "/compliance/inventory", "/health" },
            endpoints.Select(static e => (string)e!["route"]!).Order(StringComparer.Ordinal).ToArray());
        Assert.All(endpoints, static e => Assert.Equal(ComplianceInventory.ControlNames, e!["controls"]!.AsObject().Select(static c => c.Key)));

        // Without a build report next to the application, there is nothing to compare with.
        Assert.False((bool)body["buildReportFound"]!);
        Assert.Null(body["differences"]);
    }

    private static HttpRequestMessage Request(string user, string role)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/compliance/inventory", UriKind.Relative));
        request.Headers.Add(RoleHeaderHandler.UserHeader, user);
        request.Headers.Add(RoleHeaderHandler.RoleHeader, role);
        return request;
    }

    private static Task<WebApplication> StartAsync() => TestApp.StartAsync(
        builder =>
        {
            builder.Services.AddAuthentication(RoleHeaderHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, RoleHeaderHandler>(RoleHeaderHandler.SchemeName, null);
            builder.Services.AddAuthorization(options => options.AddPolicy(AuditorPolicy, policy => policy.RequireRole(AuditorPolicy)));
        },
        app =>
        {
            app.UseRouting();
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapGet("/api/patients/{id:int}", (int id) => Results.Ok(id)).RequireAuthorization();
            app.MapGet("/health", () => "ok").AllowAnonymous();
            app.MapComplianceInventory(AuditorPolicy);
        });

    private static string ExportOf(WebApplication app)
        => ComplianceInventory.Export(app.Services.GetRequiredService<EndpointDataSource>().Endpoints, app.Services, "Compliance.Runtime.Tests");

    private static string Report(string source, params JsonObject[] endpoints) => new JsonObject
    {
        ["schemaVersion"] = ComplianceInventory.SchemaVersion,
        ["source"] = source,
        ["project"] = "Clinic",
        ["generatedAt"] = "2026-03-01T12:00:00Z",
        ["tool"] = new JsonObject { ["name"] = "tests", ["version"] = "1.0" },
        ["endpoints"] = new JsonArray(endpoints),
    }.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>An application endpoint with every control "none" except those given.</summary>
    private static JsonObject Endpoint(string[] methods, string route, params (string Control, string State)[] controls)
    {
        var table = new JsonObject();
        foreach (var name in ComplianceInventory.ControlNames)
        {
            var state = controls.FirstOrDefault(c => c.Control == name).State ?? "none";
            table[name] = new JsonObject { ["state"] = state };
        }

        return new JsonObject
        {
            ["key"] = ComplianceInventory.EndpointKey(methods, route),
            ["route"] = route,
            ["methods"] = new JsonArray(methods.Select(static m => (JsonNode?)JsonValue.Create(m)).ToArray()),
            ["handler"] = "Handler",
            ["kind"] = "minimal",
            ["origin"] = "application",
            ["controls"] = table,
        };
    }

    private static JsonObject Library(string[] methods, string route)
    {
        var endpoint = Endpoint(methods, route);
        endpoint["origin"] = "library";
        return endpoint;
    }

    /// <summary>Stands in for sign-in: <c>X-Test-User</c> authenticates a user with the role in <c>X-Test-Role</c>.</summary>
    private sealed class RoleHeaderHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "TestRole";
        public const string UserHeader = "X-Test-User";
        public const string RoleHeader = "X-Test-Role";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[UserHeader] is not [{ Length: > 0 } user])
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user) };
            claims.AddRange(Request.Headers[RoleHeader].Where(static r => !string.IsNullOrEmpty(r)).Select(static r => new Claim(ClaimTypes.Role, r!)));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }
    }
}
