using Compliance.Runtime.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.ControlVerification;

/// <summary>
/// Registered by <c>AddCompliance()</c> and by <see cref="ComplianceHostingStartup"/>. Wraps the
/// building of the application's pipeline: once the application has configured it (and mapped its
/// endpoints, including controllers), every endpoint carrying a compliance control must find its
/// feature registered and <c>UseCompliance()</c> in the pipeline, or the host fails to start. Without
/// <c>AddCompliance()</c> every control is missing everything, and an application with no controls
/// is left alone: referencing the runtime does not oblige it to use it.
/// </summary>
internal sealed class ComplianceWiringStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        var services = app.ApplicationServices;
        if (services.GetService<EndpointDataSource>() is not { } dataSource)
        {
            return;
        }

        if (services.GetService<ComplianceMarker>() is not { } marker)
        {
            if (ComplianceWiring.DescribeWithoutServices(dataSource.Endpoints) is { } unregistered)
            {
                throw new InvalidOperationException(unregistered);
            }

            return;
        }

        var features = services.GetServices<ComplianceMiddleware>().Select(static m => m.Name).ToHashSet(StringComparer.Ordinal);
        if (ComplianceWiring.Describe(dataSource.Endpoints, marker.PipelineAdded, features) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    };
}
