using Compliance.Runtime.Pipeline;
using Compliance.Runtime.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers secure sessions.</summary>
public static class SecureSessionsComplianceBuilderExtensions
{
    /// <summary>
    /// Adds cookie authentication backed by server-side sessions: a <c>__Host-</c> cookie (HttpOnly,
    /// Secure, SameSite Strict, never persistent) holding only a random session key; tickets in
    /// <c>IDistributedCache</c> (memory by default; register a distributed cache for several
    /// instances); idle and absolute timeouts enforced on every request; session id rotation at
    /// sign-in; <see cref="ISessionRevoker"/>; audit events for sign-in, sign-out, timeouts and
    /// revocation; and, through <c>app.UseCompliance()</c>, CSRF validation of cookie-authenticated
    /// unsafe requests (JSON included) with the antiforgery header token. Do not add the same
    /// cookie scheme with <c>AddCookie</c> yourself. Options bind from <c>Compliance:Sessions</c>.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder AddSecureSessions(this ComplianceBuilder builder, Action<SecureSessionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<SecureSessionOptions>().BindConfiguration(SecureSessionOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(static o => o.IdleTimeout > TimeSpan.Zero && o.AbsoluteTimeout >= o.IdleTimeout, "Compliance:Sessions: IdleTimeout must be positive and AbsoluteTimeout at least as long.")
            .Validate(static o => o.ActivityWriteInterval >= TimeSpan.Zero && o.ActivityWriteInterval < o.IdleTimeout, "Compliance:Sessions:ActivityWriteInterval must be shorter than IdleTimeout.")
            .Validate(static o => o.CookieName.StartsWith("__Host-", StringComparison.Ordinal) && o.CsrfCookieName.StartsWith("__Host-", StringComparison.Ordinal), "Compliance:Sessions: cookie names must keep the __Host- prefix.")
            .Validate(static o => !string.IsNullOrWhiteSpace(o.AuthenticationScheme) && !string.IsNullOrWhiteSpace(o.CsrfHeaderName), "Compliance:Sessions: AuthenticationScheme and CsrfHeaderName are required.")
            .ValidateOnStart();

        if (services.Any(static d => d.ServiceType == typeof(SessionTicketStore)))
        {
            return builder;
        }

        // The scheme is registered now, before options exist: take its name from the delegate, and
        // pin it so a different name bound later from configuration cannot leave this scheme unprotected.
        var scratch = new SecureSessionOptions();
        configure?.Invoke(scratch);
        var scheme = scratch.AuthenticationScheme;
        services.PostConfigure<SecureSessionOptions>(o => o.AuthenticationScheme = scheme);

        services.AddDistributedMemoryCache();
        services.AddHttpContextAccessor();
        services.AddSingleton<SessionTicketStore>();
        services.AddSingleton<ISessionRevoker>(static provider => provider.GetRequiredService<SessionTicketStore>());
        services.AddAuthentication().AddCookie(scheme);
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, SecureCookieConfiguration>();
        services.AddSingleton<IPostConfigureOptions<AuthenticationOptions>>(new DefaultSchemeConfiguration(scheme));
        services.AddAntiforgery();
        services.AddSingleton<IPostConfigureOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>, AntiforgeryConfiguration>();
        return builder.AddMiddleware(CompliancePipelineStage.Csrf, "Csrf", static app =>
        {
            if (app.ApplicationServices.GetRequiredService<IOptions<SecureSessionOptions>>().Value.RequireCsrfToken)
            {
                app.UseMiddleware<CsrfMiddleware>();
            }
        });
    }

    private sealed class DefaultSchemeConfiguration(string scheme) : IPostConfigureOptions<AuthenticationOptions>
    {
        public void PostConfigure(string? name, AuthenticationOptions options) => options.DefaultScheme ??= scheme;
    }

    private sealed class AntiforgeryConfiguration(IOptions<SecureSessionOptions> sessionOptions) : IPostConfigureOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>
    {
        public void PostConfigure(string? name, Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions options)
        {
            var settings = sessionOptions.Value;
            options.HeaderName = settings.CsrfHeaderName;
            options.Cookie.Name = settings.CsrfCookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.Path = "/";
            options.Cookie.Domain = null;
        }
    }
}
