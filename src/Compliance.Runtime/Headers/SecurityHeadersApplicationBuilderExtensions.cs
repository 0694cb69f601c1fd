using Compliance.Runtime.Headers;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the security headers middleware on its own, outside <c>UseCompliance()</c>.</summary>
public static class SecurityHeadersApplicationBuilderExtensions
{
    /// <summary>
    /// Writes the security headers of <see cref="SecurityHeadersOptions"/> on every response that
    /// passes this point. Place it early (before static files and exception handling) so every
    /// response gets them. Works without <c>AddCompliance()</c>; the defaults apply unless
    /// <see cref="SecurityHeadersOptions"/> is configured.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<SecurityHeadersMiddleware>();
    }
}
