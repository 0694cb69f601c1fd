using Compliance.Runtime.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the security headers middleware on its own, outside <c>UseCompliance()</c>.</summary>
public static class SecurityHeadersApplicationBuilderExtensions
{
    /// <summary>
    /// Writes the security headers of <see cref="SecurityHeadersOptions"/> on every response that
    /// passes this point: HTML responses get the page Content-Security-Policy, all others the
    /// deny-all API policy. Place it early (before static files and exception handling) so every
    /// response gets them. Works without <c>AddCompliance()</c>: the options then bind from the
    /// <c>Compliance:SecurityHeaders</c> configuration section here, with any
    /// <c>Configure&lt;SecurityHeadersOptions&gt;</c> of the application applied on top.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ApplicationServices;
        if (services.GetService<SecurityHeadersRegistration>() is not null)
        {
            return app.UseMiddleware<SecurityHeadersMiddleware>();
        }

        return app.UseMiddleware<SecurityHeadersMiddleware>(Options.Create(BindWithoutRegistration(services)));
    }

    /// <summary>
    /// The options as <c>AddSecurityHeaders()</c> would build them (configuration first, then the
    /// application's own configure and post-configure callbacks), for an application that only
    /// calls <c>UseSecurityHeaders()</c>, as the CMP5003 code fix leaves it.
    /// </summary>
    private static SecurityHeadersOptions BindWithoutRegistration(IServiceProvider services)
    {
        var options = new SecurityHeadersOptions();
        services.GetService<IConfiguration>()?.GetSection(SecurityHeadersOptions.SectionName).Bind(options);
        foreach (var configure in services.GetServices<IConfigureOptions<SecurityHeadersOptions>>())
        {
            if (configure is IConfigureNamedOptions<SecurityHeadersOptions> named)
            {
                named.Configure(Options.DefaultName, options);
            }
            else
            {
                configure.Configure(options);
            }
        }

        foreach (var postConfigure in services.GetServices<IPostConfigureOptions<SecurityHeadersOptions>>())
        {
            postConfigure.PostConfigure(Options.DefaultName, options);
        }

        return options;
    }
}
