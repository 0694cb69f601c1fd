using Compliance.Runtime;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.ControlVerification;
using Compliance.Runtime.Pipeline;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Compliance.Runtime.</summary>
public static class ComplianceServiceCollectionExtensions
{
    /// <summary>
    /// Adds the services shared by every compliance feature and returns a builder on which the
    /// features are added (<c>.AddAuditing()</c>, <c>.AddRateLimiting()</c>, ...). Options are bound
    /// from the <c>Compliance</c> configuration section and validated when the host starts. Pair it
    /// with <c>app.UseCompliance()</c>: when the host starts, an endpoint carrying <c>[Audited]</c>,
    /// <c>[RateLimited]</c>, <c>[Validated]</c> or <c>[RequireMfa]</c> whose feature is not added, or
    /// any such endpoint while <c>UseCompliance()</c> was never called, stops the start with a message
    /// naming the endpoint and the missing call.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Adjusts the shared options after configuration binding.</param>
    /// <returns>The builder for the individual features.</returns>
    public static ComplianceBuilder AddCompliance(this IServiceCollection services, Action<ComplianceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<ComplianceOptions>().BindConfiguration(ComplianceOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<ComplianceOptions>, ServiceNameDefaults>());
        services.TryAddSingleton<ComplianceMarker>();

        // Endpoints marked [Audited], [RateLimited], ... whose feature or UseCompliance() is missing fail the start.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, ComplianceWiringStartupFilter>());

        // The audit log is always there, like ILogger: components take it by constructor injection
        // and AddAuditing() swaps this no-op for the real writer.
        services.TryAddSingleton<IAuditLog>(NullAuditLog.Instance);

        // Rejections (429, 400, 413) reach the log through one aggregate record per caller and
        // minute; AddAuditing() starts its flushing, and without it there is nothing to count.
        services.TryAddSingleton<AuditRejectionAggregator>();
        return new ComplianceBuilder(services);
    }

    /// <summary>Falls back to the host's application name so every audit record names its service.</summary>
    private sealed class ServiceNameDefaults(IHostEnvironment? environment = null) : IPostConfigureOptions<ComplianceOptions>
    {
        public void PostConfigure(string? name, ComplianceOptions options)
        {
            if (string.IsNullOrWhiteSpace(options.ServiceName))
            {
                options.ServiceName = string.IsNullOrWhiteSpace(environment?.ApplicationName) ? "unknown" : environment.ApplicationName;
            }
        }
    }
}
