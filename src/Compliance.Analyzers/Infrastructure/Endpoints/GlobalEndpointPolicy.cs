using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>
/// Application-wide endpoint configuration: global MVC filters, conventions on
/// <c>MapControllers()</c> / <c>MapRazorPages()</c>, the authorization fallback policy, a global
/// rate limiter with <c>UseRateLimiter()</c>, minimal-API validation (<c>AddValidation()</c>), the
/// authentication handlers in use, the types registered as services, the Compliance.Runtime
/// registrations (<c>AddCompliance()</c>, its features, <c>UseCompliance()</c>) and where the
/// application is built.
/// </summary>
/// <remarks>
/// Peers' most common false positive is reporting an endpoint that global configuration already
/// protects. These facts live in Program.cs or a Startup class while endpoints live elsewhere, so
/// they are whole-program facts, gathered once per compilation by the configuration scan
/// (<see cref="ApplicationConfiguration"/>, <see cref="EndpointPolicyAccumulator"/>). Calls inside
/// development-only branches do not count.
/// </remarks>
internal sealed class GlobalEndpointPolicy
{
    internal GlobalEndpointPolicy(
        bool fallbackPolicy,
        bool globalLimiter,
        bool cookieAuthentication,
        bool bearerAuthentication,
        bool minimalValidation,
        bool strictSameSiteCookies,
        ImmutableArray<ControlMark> controllerMarks,
        ImmutableArray<ControlMark> pageMarks,
        ImmutableHashSet<ITypeSymbol> services,
        bool authentication,
        ImmutableHashSet<string> runtimeCalls,
        ImmutableArray<Location> applicationBuilds,
        bool rateLimiting,
        bool rateLimitingMiddleware,
        bool mapsEndpoints)
    {
        RateLimiting = rateLimiting || rateLimitingMiddleware;
        RateLimitingMiddleware = rateLimitingMiddleware;
        MapsEndpoints = mapsEndpoints;
        Authentication = authentication;
        RuntimeCalls = runtimeCalls;
        ApplicationBuilds = applicationBuilds;
        FallbackPolicy = fallbackPolicy;
        GlobalLimiter = globalLimiter;
        CookieAuthentication = cookieAuthentication;
        BearerAuthentication = bearerAuthentication;
        MinimalValidation = minimalValidation;
        StrictSameSiteCookies = strictSameSiteCookies;
        ControllerMarks = controllerMarks;
        PageMarks = pageMarks;
        Services = services;
    }

    /// <summary><c>AuthorizationOptions.FallbackPolicy</c> is set (directly or with <c>SetFallbackPolicy</c>).</summary>
    public bool FallbackPolicy { get; }

    /// <summary><c>RateLimiterOptions.GlobalLimiter</c> is set and <c>UseRateLimiter()</c> is in the pipeline.</summary>
    public bool GlobalLimiter { get; }

    /// <summary>
    /// Cookie authentication or ASP.NET Core Identity's cookies are registered, or the application
    /// tells who the user is from its session (<c>AddSession</c>/<c>UseSession</c> and a read such as
    /// <c>HttpContext.Session.GetString("UserId")</c>): the session cookie then authenticates.
    /// </summary>
    public bool CookieAuthentication { get; }

    /// <summary>A bearer-token handler is registered.</summary>
    public bool BearerAuthentication { get; }

    /// <summary>Only bearer tokens authenticate requests: browsers attach nothing a forged request could ride on.</summary>
    public bool BearerOnly => BearerAuthentication && !CookieAuthentication;

    /// <summary><c>services.AddValidation()</c> (.NET 10 minimal-API validation).</summary>
    public bool MinimalValidation { get; }

    /// <summary>
    /// The authentication cookie is SameSite=Strict (every <c>CookieAuthenticationOptions.Cookie.SameSite</c>
    /// assignment is Strict, or a cookie policy forces Strict): browsers never send it cross-site.
    /// </summary>
    public bool StrictSameSiteCookies { get; }

    /// <summary>Global MVC filters and conventions on the controller endpoints.</summary>
    public ImmutableArray<ControlMark> ControllerMarks { get; }

    /// <summary>Global MVC filters and conventions on the Razor Pages endpoints.</summary>
    public ImmutableArray<ControlMark> PageMarks { get; }

    /// <summary>
    /// A global MVC action filter (registered in <c>MvcOptions.Filters</c>) checks
    /// <c>ModelState.IsValid</c> before actions run: the application's own version of
    /// <c>[ApiController]</c>'s automatic 400, enforcing the model's rules on every controller action.
    /// </summary>
    public bool ModelStateFilter { get; init; }

    /// <summary>Types registered in the service collection (not bound from the request).</summary>
    public ImmutableHashSet<ITypeSymbol> Services { get; }

    /// <summary>
    /// Some authentication is registered: <c>AddAuthentication</c>, a cookie or bearer handler,
    /// ASP.NET Core Identity, or Microsoft.Identity.Web's one-call registrations.
    /// </summary>
    public bool Authentication { get; }

    /// <summary>
    /// The Compliance.Runtime registrations called outside development-only branches, by method name
    /// (<c>AddCompliance</c>, <c>UseCompliance</c>, <c>AddAuditing</c>, <c>AddRateLimiting</c>,
    /// <c>AddValidation</c>, <c>AddMfa</c>, <c>AddFieldEncryption</c>), wherever they are written:
    /// in Program.cs or in an extension method of the application's own.
    /// </summary>
    public ImmutableHashSet<string> RuntimeCalls { get; }

    /// <summary>
    /// The <c>Build()</c> calls that create the application (<c>WebApplication</c>, or a generic
    /// host for Startup-class applications), in file and position order; empty in a class library.
    /// </summary>
    public ImmutableArray<Location> ApplicationBuilds { get; }

    /// <summary>
    /// The application registers some rate limiting outside development-only branches: ASP.NET Core's
    /// <c>AddRateLimiter</c> or <c>UseRateLimiter</c>, a global limiter, Compliance.Runtime's
    /// <c>AddRateLimiting()</c>, or AspNetCoreRateLimit's middleware. Endpoint attributes and
    /// conventions are not included: they are seen endpoint by endpoint.
    /// </summary>
    public bool RateLimiting { get; }

    /// <summary>
    /// A third-party rate-limiting middleware (AspNetCoreRateLimit) is registered: it limits every
    /// request by its own configuration, so no endpoint needs a limit of its own.
    /// </summary>
    public bool RateLimitingMiddleware { get; }

    /// <summary>Controllers or Razor Pages are mapped (<c>MapControllers()</c>, <c>MapRazorPages()</c>, …), possibly from referenced assemblies.</summary>
    public bool MapsEndpoints { get; }

    /// <summary>The compilation builds an application (as opposed to a library whose host registers the services).</summary>
    public bool IsApplication => !ApplicationBuilds.IsEmpty;
}
