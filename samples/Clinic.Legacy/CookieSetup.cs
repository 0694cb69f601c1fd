using Microsoft.AspNetCore.Authentication.Cookies;

namespace Clinic.Legacy;

public static class CookieSetup
{
    public static IServiceCollection AddLegacyCookieAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/account/login";
                // CMP4004: left over from local HTTP testing: the auth cookie may now travel over plain HTTP.
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Cookie.SameSite = SameSiteMode.None;
            });

        services.AddSession(options => options.Cookie.HttpOnly = false);

        // CMP5005: the patient portal is served from several partner domains.
        services.AddCors(options => options.AddDefaultPolicy(policy => policy.SetIsOriginAllowed(_ => true).AllowCredentials().AllowAnyHeader()));
        return services;
    }
}
