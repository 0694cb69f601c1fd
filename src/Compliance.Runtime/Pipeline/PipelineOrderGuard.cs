using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.Pipeline;

/// <summary>
/// First middleware of <c>UseCompliance()</c>. Catches the order mistakes that cannot be seen while
/// the pipeline is configured (middleware added implicitly by <c>WebApplication</c>): authentication
/// running after the compliance block (limits and audit records would see an anonymous user) and
/// authorization running before it (denied requests would not be audited).
/// </summary>
internal sealed class PipelineOrderGuard
{
    internal const string RoutingMessage = "UseCompliance() must run after UseRouting(): the compliance middleware reads endpoint metadata ([Audited], [RateLimited], [Validated]). Move UseRouting() before UseCompliance().";
    internal const string AuthenticationMessage = "UseCompliance() must run after UseAuthentication(): rate limits partition by user and audit records name the actor. Move UseAuthentication() before UseCompliance().";
    internal const string AuthorizationFirstMessage = "UseCompliance() must run before UseAuthorization(), otherwise denied requests are never audited. Call app.UseAuthorization() explicitly, after app.UseCompliance().";

    // Set by AuthorizationMiddleware once it has evaluated an endpoint.
    private const string AuthorizationInvokedKey = "__AuthorizationMiddlewareWithEndpointInvoked";

    private readonly RequestDelegate _next;
    private readonly bool _authenticationRegistered;

    public PipelineOrderGuard(RequestDelegate next, IServiceProvider services)
    {
        _next = next;
        _authenticationRegistered = services.GetService<IAuthenticationSchemeProvider>() is not null;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (_authenticationRegistered && context.Features.Get<IAuthenticationFeature>() is null)
        {
            throw new InvalidOperationException(AuthenticationMessage);
        }

        if (context.Items.ContainsKey(AuthorizationInvokedKey))
        {
            throw new InvalidOperationException(AuthorizationFirstMessage);
        }

        return _next(context);
    }
}
