using Compliance.Runtime.ControlVerification;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

// Lets a host activate the check by assembly name (ASPNETCORE_HOSTINGSTARTUPASSEMBLIES=Compliance.Runtime).
// Applications built with the package need not: its build targets declare this startup in the
// application's own assembly, whose hosting startups the web host always runs.
[assembly: HostingStartup(typeof(ComplianceHostingStartup))]

namespace Compliance.Runtime.ControlVerification;

/// <summary>
/// Registers the startup check of endpoint controls before any application code runs, so that an
/// application carrying <c>[Audited]</c>, <c>[RateLimited]</c>, <c>[Validated]</c> or <c>[RequireMfa]</c>
/// (attributes or minimal-API conventions) fails to start even when it never calls
/// <c>AddCompliance()</c>: without this, nothing of Compliance.Runtime would be in its services to notice.
/// </summary>
public sealed class ComplianceHostingStartup : IHostingStartup
{
    /// <inheritdoc />
    public void Configure(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureServices(static services =>
        {
            // AddCompliance() registers the same filter; TryAddEnumerable keeps it to one check.
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, ComplianceWiringStartupFilter>());
            services.TryAddSingleton<ComplianceStartupCheck>();
        });
    }
}

/// <summary>
/// Present when <see cref="ComplianceHostingStartup"/> ran: the startup check then covers every
/// endpoint, so the minimal-API conventions leave a missing <c>AddCompliance()</c> to it, which lists
/// all endpoints at once instead of the first one routing happens to build.
/// </summary>
internal sealed class ComplianceStartupCheck;
