using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Compliance.Runtime.Tests.Infrastructure;

/// <summary>A real WebApplication on the test server.</summary>
internal static class TestApp
{
    public const string UserHeader = "X-Test-User";

    public static async Task<WebApplication> StartAsync(
        Action<WebApplicationBuilder> configureServices,
        Action<WebApplication> configurePipeline,
        TimeProvider? time = null,
        string environment = "Production")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ApplicationName = "Compliance.Runtime.Tests" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        configureServices(builder);
        var app = builder.Build();
        configurePipeline(app);
        await app.StartAsync();
        return app;
    }

    /// <summary>Stands in for authentication: a user id in a header becomes an authenticated principal.</summary>
    public static void UseHeaderUser(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.Headers[UserHeader] is [{ Length: > 0 } id])
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", id), new Claim("name", "Alice Example")], "Test"));
        }

        return next(context);
    });

    public static HttpClient Client(this WebApplication app) => app.GetTestClient();
}
