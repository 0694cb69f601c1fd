using Compliance.Runtime.Headers;
using Compliance.Runtime.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the security headers feature.</summary>
public static class SecurityHeadersComplianceBuilderExtensions
{
    /// <summary>
    /// Adds the security headers (HSTS outside development, nosniff, frame denial, no-referrer, a
    /// Content-Security-Policy for pages and a deny-all one for API responses, Permissions-Policy,
    /// no-store on PHI responses) to the
    /// responses of the <c>UseCompliance()</c> pipeline. Options bind from <c>Compliance:SecurityHeaders</c>.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="configure">Adjusts the headers.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder AddSecurityHeaders(this ComplianceBuilder builder, Action<SecurityHeadersOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<SecurityHeadersRegistration>();
        var options = builder.Services.AddOptions<SecurityHeadersOptions>().BindConfiguration(SecurityHeadersOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return builder.AddMiddleware(CompliancePipelineStage.SecurityHeaders, "SecurityHeaders", static app => app.UseMiddleware<SecurityHeadersMiddleware>());
    }
}
