using Compliance.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the runtime compliance inventory for auditors.</summary>
public static class ComplianceInventoryEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET <paramref name="pattern"/></c>: the endpoint × control table of the running
    /// application (<see cref="ComplianceInventory.Export"/>) and, when the build's
    /// compliance-report.json is next to the application, its differences from it
    /// (<see cref="ComplianceInventory.Compare"/>). The endpoint requires the authorization policy
    /// <paramref name="policy"/>, which the application registers for its administrators or auditors;
    /// it is never anonymous (an application that does not register the policy fails the request).
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="policy">The authorization policy an auditor must satisfy.</param>
    /// <param name="pattern">The route (default <c>/compliance/inventory</c>).</param>
    /// <returns>The endpoint's convention builder.</returns>
    public static RouteHandlerBuilder MapComplianceInventory(this IEndpointRouteBuilder endpoints, string policy, string pattern = "/compliance/inventory")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(policy);
        var builder = endpoints.MapGet(pattern, (HttpContext context, EndpointDataSource dataSource, IHostEnvironment environment) =>
        {
            var runtime = ComplianceInventory.Export(dataSource.Endpoints, context.RequestServices, environment.ApplicationName);
            var path = Path.Combine(AppContext.BaseDirectory, ComplianceInventory.BuildReportFileName);
            var differences = File.Exists(path) ? ComplianceInventory.Compare(File.ReadAllText(path), runtime) : null;
            context.Response.Headers.CacheControl = "no-store";
            return Results.Ok(new ComplianceInventoryResponse(System.Text.Json.JsonDocument.Parse(runtime).RootElement, File.Exists(path), differences));
        });
        builder.RequireAuthorization(policy).WithMetadata(ComplianceLibraryEndpointMetadata.Instance).ExcludeFromDescription();
        return builder;
    }

    private sealed record ComplianceInventoryResponse(System.Text.Json.JsonElement Runtime, bool BuildReportFound, IReadOnlyList<ComplianceInventoryDifference>? Differences);
}
