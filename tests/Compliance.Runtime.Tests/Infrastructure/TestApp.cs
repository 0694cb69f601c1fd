using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
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
        string environment = "Production",
        string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ApplicationName = "Compliance.Runtime.Tests", Args = args });
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

    /// <summary>
    /// MVC with only the given controllers of this assembly: the others carry controls (such as
    /// [Audited]) whose features the test does not register, which stops the application at startup.
    /// </summary>
    public static IMvcBuilder AddControllersOf(this IServiceCollection services, params Type[] controllers)
        => services.AddControllers()
            .AddApplicationPart(typeof(TestApp).Assembly)
            .ConfigureApplicationPartManager(manager => manager.FeatureProviders.Add(new OnlyControllers(controllers)));

    private sealed class OnlyControllers(Type[] controllers) : IApplicationFeatureProvider<ControllerFeature>
    {
        public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature)
        {
            foreach (var controller in feature.Controllers.ToList())
            {
                if (!controllers.Contains(controller.AsType()))
                {
                    feature.Controllers.Remove(controller);
                }
            }
        }
    }
}
