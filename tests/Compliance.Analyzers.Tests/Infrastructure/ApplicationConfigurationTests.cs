using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Cookies;
using Compliance.Analyzers.Infrastructure.Endpoints;
using Compliance.Tooling;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compliance.Analyzers.Tests.Infrastructure;

/// <summary>
/// The one configuration scan: the endpoint policy, the validator registrations and the cookie
/// policy come from the same walk of the compilation, whichever is asked for first, and each
/// family still only sees the files it wants (a file is walked once for all of them).
/// </summary>
public sealed class ApplicationConfigurationTests
{
    private const string Program = """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.CookiePolicy;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllers();
        builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.Configure<CookiePolicyOptions>(o =>
        {
            o.Secure = CookieSecurePolicy.Always;
            o.MinimumSameSitePolicy = SameSiteMode.Strict;
        });
        var app = builder.Build();
        app.UseCookiePolicy();
        app.MapControllers();
        app.Run();
        """;

    private const string Unrelated = """
        namespace Clinic;

        public sealed class Appointment
        {
            public int Id { get; set; }
        }
        """;

    [Fact]
    public void EveryFamily_ComesFromOneScan()
    {
        var compilation = Compile(Program, Unrelated);
        var configuration = ApplicationConfiguration.For(compilation);

        // Asked through the cookie rules' door first: the endpoint facts are there too.
        var cookies = CookiePolicyFacts.For(compilation);
        Assert.Same(configuration.CookiePolicy, cookies);
        Assert.True(cookies.ForcesSecure);
        Assert.False(cookies.ForcesHttpOnly);
        Assert.Equal(2, cookies.MinimumSameSite);

        var model = EndpointModel.For(compilation);
        Assert.Same(configuration.Validators, model.Validators);
        var policy = model.Global;
        Assert.True(policy.FallbackPolicy);
        Assert.True(policy.MapsEndpoints);
        Assert.True(policy.IsApplication);
        Assert.True(policy.StrictSameSiteCookies);
        Assert.False(policy.RateLimiting);
    }

    [Fact]
    public void WithoutUseCookiePolicy_NothingIsForced_AndTheEndpointFactsStand()
    {
        var compilation = Compile(Program.Replace("app.UseCookiePolicy();", "", StringComparison.Ordinal));

        Assert.Same(CookiePolicyFacts.None, CookiePolicyFacts.For(compilation));
        Assert.False(EndpointModel.For(compilation).Global.StrictSameSiteCookies);
        Assert.True(EndpointModel.For(compilation).Global.FallbackPolicy);
    }

    private static CSharpCompilation Compile(params string[] sources)
        => CSharpCompilation.Create(
            "Clinic",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, path: $"File{i}.cs")),
            TargetingPacks.NetAndAspNetCore,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication));
}
