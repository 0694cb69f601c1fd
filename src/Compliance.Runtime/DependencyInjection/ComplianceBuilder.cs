using Compliance.Runtime.Pipeline;
using Microsoft.AspNetCore.Builder;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Returned by <see cref="ComplianceServiceCollectionExtensions.AddCompliance"/>; each feature adds
/// itself with an extension method (<c>AddAuditing</c>, <c>AddRateLimiting</c>, <c>AddValidation</c>,
/// <c>AddSecurityHeaders</c>, ...).
/// </summary>
public sealed class ComplianceBuilder
{
    internal ComplianceBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The application's service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Adds middleware that <c>app.UseCompliance()</c> inserts at <paramref name="stage"/>. Features
    /// call this instead of asking users to place their middleware by hand, so the pipeline order is
    /// decided in one place. Middleware of the same stage runs in registration order; registering the
    /// same <paramref name="name"/> twice keeps the first registration.
    /// </summary>
    /// <param name="stage">Where in the compliance pipeline the middleware runs.</param>
    /// <param name="name">A stable name, used to ignore duplicate registrations and in error messages.</param>
    /// <param name="configure">Adds the middleware, for example <c>app =&gt; app.UseMiddleware&lt;T&gt;()</c>.</param>
    /// <returns>This builder.</returns>
    public ComplianceBuilder AddMiddleware(CompliancePipelineStage stage, string name, Action<IApplicationBuilder> configure)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        foreach (var descriptor in Services)
        {
            if (descriptor.ServiceType == typeof(ComplianceMiddleware)
                && descriptor.ImplementationInstance is ComplianceMiddleware existing
                && existing.Name == name)
            {
                return this;
            }
        }

        Services.AddSingleton(new ComplianceMiddleware(stage, name, configure));
        return this;
    }
}
