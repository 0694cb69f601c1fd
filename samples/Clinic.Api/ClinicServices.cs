using Microsoft.AspNetCore.Authentication.Cookies;

namespace Clinic.Api;

public static class ClinicServices
{
    public static IServiceCollection AddClinicServices(this IServiceCollection services)
    {
        services.AddSingleton<PatientStore>();
        services.AddSingleton<DemoCredentials>();
        return services;
    }

    /// <summary>Cookie sign-in with the cookie locked down: HttpOnly, HTTPS only, same-site only, 15-minute idle timeout.</summary>
    public static IServiceCollection AddClinicAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "clinic.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.ExpireTimeSpan = TimeSpan.FromMinutes(15);
                options.SlidingExpiration = true;

                // An API answers 401/403 instead of redirecting to a login page.
                options.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        services.AddAuthorization();
        return services;
    }
}
