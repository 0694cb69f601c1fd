using Compliance.Runtime;
using Compliance.Runtime.ControlVerification;
using Compliance.Runtime.Pipeline;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the compliance middleware to the request pipeline.</summary>
public static class ComplianceApplicationBuilderExtensions
{
    // Keys ASP.NET Core itself writes into IApplicationBuilder.Properties.
    private const string EndpointRouteBuilderKey = "__EndpointRouteBuilder";
    private const string GlobalEndpointRouteBuilderKey = "__GlobalEndpointRouteBuilder";
    private const string AuthorizationMiddlewareSetKey = "__AuthorizationMiddlewareSet";
    private const string ComplianceMiddlewareSetKey = "__ComplianceMiddlewareSet";

    /// <summary>
    /// Adds the middleware of every feature registered on <c>AddCompliance()</c>, in the order of
    /// <see cref="Compliance.Runtime.Pipeline.CompliancePipelineStage"/> (security headers,
    /// sessions, rate limiting, validation, auditing, CSRF, MFA). Call it after
    /// <c>UseRouting()</c> (implicit for <c>WebApplication</c>) and <c>UseAuthentication()</c>,
    /// and before <c>UseAuthorization()</c> so denied requests are audited. A wrong order fails
    /// when the pipeline is built (at startup) or on the first request, with a message naming the fix.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IApplicationBuilder UseCompliance(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService<ComplianceMarker>() is not { } marker)
        {
            throw new InvalidOperationException("UseCompliance() requires the compliance services: call builder.Services.AddCompliance() first.");
        }

        if (app.Properties.ContainsKey(ComplianceMiddlewareSetKey))
        {
            throw new InvalidOperationException("UseCompliance() was called twice; call it once, after UseAuthentication() and before UseAuthorization().");
        }

        if (app.Properties.ContainsKey(AuthorizationMiddlewareSetKey))
        {
            throw new InvalidOperationException(PipelineOrderGuard.AuthorizationFirstMessage);
        }

        var routingBefore = app.Properties.ContainsKey(EndpointRouteBuilderKey);
        if (!routingBefore && !app.Properties.ContainsKey(GlobalEndpointRouteBuilderKey))
        {
            throw new InvalidOperationException(PipelineOrderGuard.RoutingMessage);
        }

        app.Properties[ComplianceMiddlewareSetKey] = true;
        marker.PipelineAdded = true;
        app.Use(next =>
        {
            // Runs when the pipeline is built: by then any UseRouting() written after UseCompliance() has registered itself.
            if (!routingBefore && app.Properties.ContainsKey(EndpointRouteBuilderKey))
            {
                throw new InvalidOperationException(PipelineOrderGuard.RoutingMessage);
            }

            return new PipelineOrderGuard(next, app.ApplicationServices).InvokeAsync;
        });

        foreach (var middleware in app.ApplicationServices.GetServices<ComplianceMiddleware>().OrderBy(static m => m.Stage))
        {
            middleware.Configure(app);
        }

        return app;
    }

    /// <summary>
    /// Checks every endpoint when the pipeline is built (at startup, after all endpoints are
    /// mapped, including dynamically built ones): an endpoint that handles PHI (<c>[Audited]</c>, or
    /// <c>[Phi]</c>/<c>[Pii]</c> in its parameters, body or response types) must be audited, rate
    /// limited and, when it accepts a body, validated. Findings are logged as warnings; with
    /// <see cref="ComplianceOptions.RequireControlsOnAllPhiEndpoints"/> the application refuses to start.
    /// This is the runtime twin of the analyzer rules CMP3001–CMP3004.
    /// When the build's compliance-report.json (<c>dotnet build -p:ComplianceReport=true</c>) is next
    /// to the application, the running endpoint × control table is compared with it and every
    /// difference is logged as a warning (see docs/evidence.md).
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IApplicationBuilder VerifyComplianceControls(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(next =>
        {
            var services = app.ApplicationServices;
            var dataSource = services.GetService<EndpointDataSource>();
            if (dataSource is null)
            {
                return next;
            }

            var findings = ComplianceControlVerifier.Verify(dataSource.Endpoints);
            var options = services.GetService<IOptions<ComplianceOptions>>()?.Value ?? new ComplianceOptions();
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ComplianceControlVerifier).FullName!);
            ComplianceControlVerifier.Report(findings, logger);
            if (options.RequireControlsOnAllPhiEndpoints && findings.Count > 0)
            {
                throw new InvalidOperationException(ComplianceControlVerifier.Describe(findings));
            }

            ComplianceInventoryCheck.CompareWithBuildReport(dataSource.Endpoints, services, logger);

            return next;
        });
        return app;
    }
}
