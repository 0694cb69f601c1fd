using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Mfa;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Authorization;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime;

/// <summary>One difference between what the build reported and what the running application does.</summary>
/// <param name="Endpoint">The endpoint key (<c>GET /api/patients/{id}</c>).</param>
/// <param name="Control">The control that differs, or null when the endpoint itself exists on one side only.</param>
/// <param name="Build">The build's value (null when the build did not see the endpoint).</param>
/// <param name="Runtime">The running application's value (null when it does not map the endpoint).</param>
/// <param name="Message">A sentence for the auditor.</param>
public sealed record ComplianceInventoryDifference(string Endpoint, string? Control, string? Build, string? Runtime, string Message);

/// <summary>
/// The endpoint × control table of the running application, read from its endpoint metadata in the
/// shape of compliance-report.json (docs/schemas/compliance-report.schema.json), and its comparison
/// with the table the build wrote (<c>dotnet build -p:ComplianceReport=true</c>). See docs/evidence.md.
/// </summary>
public static class ComplianceInventory
{
    /// <summary>The report's schema version.</summary>
    public const string SchemaVersion = "1.0";

    /// <summary>The file the build writes next to the application's output.</summary>
    public const string BuildReportFileName = "compliance-report.json";

    /// <summary>The control names of the table, in the report's order.</summary>
    public static readonly IReadOnlyList<string> ControlNames = ["authorization", "audit", "rateLimit", "validation", "csrf", "mfa"];

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The runtime inventory of <paramref name="endpoints"/> as compliance-report.json (source <c>runtime</c>).</summary>
    /// <param name="endpoints">The application's endpoints (<c>EndpointDataSource.Endpoints</c>).</param>
    /// <param name="services">The application's services, for the fallback authorization policy and the global limiter.</param>
    /// <param name="project">The application's name.</param>
    public static string Export(IEnumerable<Endpoint> endpoints, IServiceProvider services, string project)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(services);
        var fallbackPolicy = services.GetService<IOptions<AuthorizationOptions>>()?.Value.FallbackPolicy is not null;
        var globalLimiter = services.GetService<IOptions<RateLimiterOptions>>()?.Value.GlobalLimiter is not null;
        var list = new JsonArray();
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>()
            .Select(e => Describe(e, fallbackPolicy, globalLimiter))
            .OrderBy(static e => (string)e["route"]!, StringComparer.Ordinal)
            .ThenBy(static e => (string)e["key"]!, StringComparer.Ordinal))
        {
            list.Add(endpoint);
        }

        var document = new JsonObject
        {
            ["schemaVersion"] = SchemaVersion,
            ["source"] = "runtime",
            ["project"] = project,
            ["generatedAt"] = DateTimeOffset.UtcNow,
            ["tool"] = new JsonObject { ["name"] = "Compliance.Runtime", ["version"] = typeof(ComplianceInventory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0" },
            ["endpoints"] = list,
        };
        return document.ToJsonString(Json);
    }

    /// <summary>
    /// Compares the endpoint tables of a build report and a runtime export (or two reports of any
    /// source). Endpoints are matched by <see cref="EndpointKey"/>; endpoints a library maps
    /// (<c>origin: library</c>) and control values the other side cannot observe (configured
    /// equivalents, .NET's own validation, MVC model validation, values that differ between the
    /// ways an endpoint is mapped) are not compared. Empty when they agree.
    /// </summary>
    public static IReadOnlyList<ComplianceInventoryDifference> Compare(string buildReportJson, string runtimeReportJson)
    {
        ArgumentNullException.ThrowIfNull(buildReportJson);
        ArgumentNullException.ThrowIfNull(runtimeReportJson);
        var build = Endpoints(buildReportJson);
        var runtime = Endpoints(runtimeReportJson);
        var differences = new List<ComplianceInventoryDifference>();
        foreach (var (key, built) in build)
        {
            if (!runtime.TryGetValue(key, out var running))
            {
                differences.Add(new ComplianceInventoryDifference(key, null, "mapped", null, $"{key} is in the build report but the running application does not map it."));
                continue;
            }

            foreach (var control in ControlNames)
            {
                var expected = State(built, control);
                var actual = State(running, control);
                if (expected is null || actual is null || !Comparable(expected) || !Comparable(actual) || Same(expected, actual))
                {
                    continue;
                }

                differences.Add(new ComplianceInventoryDifference(key, control, expected, actual, $"{key}: the build reports {control} '{expected}', the running application has '{actual}'."));
            }
        }

        foreach (var key in runtime.Keys)
        {
            if (!build.ContainsKey(key))
            {
                differences.Add(new ComplianceInventoryDifference(key, null, null, "mapped", $"{key} runs in the application but the build report does not list it (mapped dynamically, or from configuration the analyzers cannot see)."));
            }
        }

        return differences;
    }

    /// <summary>
    /// The key endpoints are matched by: the HTTP methods (sorted, <c>ANY</c> when unrestricted) and
    /// the route without constraints, defaults, optional markers or catch-all stars, lower-case,
    /// with one leading slash. The report tool computes the build's keys with the same code.
    /// </summary>
    public static string EndpointKey(IEnumerable<string> methods, string route)
    {
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(route);
        return InventoryEndpointKey.Of(methods, route);
    }

    private static JsonObject Describe(RouteEndpoint endpoint, bool fallbackPolicy, bool globalLimiter)
    {
        var metadata = endpoint.Metadata;
        var methods = metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToArray() ?? [];
        var route = endpoint.RoutePattern.RawText ?? string.Join("/", endpoint.RoutePattern.PathSegments.Select(static s => string.Concat(s.Parts.Select(Part))));
        var action = metadata.GetMetadata<ControllerActionDescriptor>();
        var isPage = action is null && metadata.Any(static m => m?.GetType().Name is "PageActionDescriptor" or "CompiledPageActionDescriptor");
        var filters = action?.FilterDescriptors.OrderByDescending(static f => f.Scope).Select(static f => f.Filter).ToList() ?? [];

        var authorization = metadata.GetOrderedMetadata<IAllowAnonymous>().Count > 0 || filters.OfType<IAllowAnonymousFilter>().Any() ? "anonymous"
            : metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0 || filters.OfType<AuthorizeFilter>().Any() || fallbackPolicy ? "authorized"
            : "none";
        var rateLimit = Nearest(metadata, static m => m switch
        {
            DisableRateLimitingAttribute => "disabled",
            RateLimitedAttribute limited => "tier:" + limited.Tier,
            EnableRateLimitingAttribute => "policy",
            _ => null,
        }) ?? (globalLimiter ? "global" : "none");
        var validation = Nearest(metadata, static m => m switch
        {
            ValidatedAttribute => "validated",
            _ when m.GetType().GetInterfaces().Any(static i => i.Name == "IDisableValidationMetadata") => "disabled",
            _ => null,
        }) ?? "none";
        var csrf = Nearest(metadata, Antiforgery)
            ?? filters.Select(static f => Antiforgery(f)).FirstOrDefault(static s => s is not null)
            ?? (isPage ? "validated" : "default");

        var controls = new JsonObject
        {
            ["authorization"] = Control(authorization),
            ["audit"] = Control(metadata.GetMetadata<IAuditedMetadata>() is null ? "none" : "audited"),
            ["rateLimit"] = Control(rateLimit),
            ["validation"] = Control(validation),
            ["csrf"] = Control(csrf),
            ["mfa"] = Control(metadata.GetMetadata<RequireMfaAttribute>() is null ? "none" : "required"),
        };
        var handler = action is not null ? action.ControllerTypeInfo.FullName + "." + action.MethodInfo.Name
            : metadata.GetMetadata<MethodInfo>() is { } method ? method.DeclaringType?.FullName + "." + method.Name
            : endpoint.DisplayName ?? route;
        return new JsonObject
        {
            ["key"] = EndpointKey(methods, route),
            ["route"] = route,
            ["methods"] = new JsonArray(methods.Select(static m => (JsonNode?)JsonValue.Create(m)).ToArray()),
            ["handler"] = handler,
            ["kind"] = action is not null ? "controller" : isPage ? "page" : "minimal",
            ["origin"] = metadata.GetMetadata<ComplianceLibraryEndpointMetadata>() is null ? "application" : "library",
            ["location"] = null,
            ["handlesPhi"] = null,
            ["controls"] = controls,
            ["findings"] = new JsonArray(),
        };
    }

    private static string Part(Microsoft.AspNetCore.Routing.Patterns.RoutePatternPart part) => part switch
    {
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
        _ => "",
    };

    private static JsonObject Control(string state) => new() { ["state"] = state };

    /// <summary>The nearest metadata that decides: endpoint metadata lists the farthest scope first.</summary>
    private static string? Nearest(EndpointMetadataCollection metadata, Func<object, string?> decide)
    {
        for (var i = metadata.Count - 1; i >= 0; i--)
        {
            if (metadata[i] is { } item && decide(item) is { } state)
            {
                return state;
            }
        }

        return null;
    }

    private static string? Antiforgery(object item) => item switch
    {
        IAntiforgeryMetadata antiforgery => antiforgery.RequiresValidation ? "validated" : "ignored",
        _ => item.GetType().Name switch
        {
            "ValidateAntiForgeryTokenAttribute" or "AutoValidateAntiforgeryTokenAttribute" or "ValidateAntiforgeryTokenAuthorizationFilter" or "AutoValidateAntiforgeryTokenAuthorizationFilter" => "validated",
            "IgnoreAntiforgeryTokenAttribute" => "ignored",
            _ => null,
        },
    };

    private static Dictionary<string, JsonElement> Endpoints(string reportJson)
    {
        using var document = JsonDocument.Parse(reportJson);
        var endpoints = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var endpoint in document.RootElement.GetProperty("endpoints").EnumerateArray())
        {
            if (endpoint.TryGetProperty("origin", out var origin) && origin.GetString() == "library")
            {
                continue;
            }

            var methods = endpoint.GetProperty("methods").EnumerateArray().Select(static m => m.GetString()!).ToList();
            var key = EndpointKey(methods, endpoint.GetProperty("route").GetString()!);
            endpoints.TryAdd(key, endpoint.Clone());
        }

        return endpoints;
    }

    private static string? State(JsonElement endpoint, string control)
        => endpoint.TryGetProperty("controls", out var controls) && controls.TryGetProperty(control, out var entry) && entry.TryGetProperty("state", out var state) ? state.GetString() : null;

    /// <summary>Values only one side can observe are not compared.</summary>
    private static bool Comparable(string state) => state is not ("equivalent" or "framework" or "model") && !state.Contains('|', StringComparison.Ordinal);

    private static bool Same(string build, string runtime)
        => string.Equals(build, runtime, StringComparison.Ordinal)
        || (build.StartsWith("policy", StringComparison.Ordinal) && runtime.StartsWith("policy", StringComparison.Ordinal));
}

/// <summary>Marks an endpoint a library maps (the inventory endpoint, the CSRF token endpoint): the application's build cannot list it.</summary>
public sealed class ComplianceLibraryEndpointMetadata
{
    /// <summary>The one instance.</summary>
    public static readonly ComplianceLibraryEndpointMetadata Instance = new();

    private ComplianceLibraryEndpointMetadata()
    {
    }
}
