using Compliance.Runtime.Sessions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the endpoint that hands out CSRF tokens to script clients.</summary>
public static class CsrfTokenEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET <paramref name="pattern"/></c>: sets the antiforgery cookie and answers
    /// <c>{ "headerName": "X-CSRF-TOKEN", "token": "..." }</c>. Fetch it after sign-in (tokens are
    /// bound to the user) and send the token in that header with every unsafe request.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route (default <c>/antiforgery/token</c>).</param>
    /// <returns>The endpoint's convention builder.</returns>
    public static RouteHandlerBuilder MapCsrfToken(this IEndpointRouteBuilder endpoints, string pattern = "/antiforgery/token")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGet(pattern, static (HttpContext context, IAntiforgery antiforgery, IOptions<SecureSessionOptions> options) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            context.Response.Headers.CacheControl = "no-store";
            return Results.Ok(new CsrfToken(options.Value.CsrfHeaderName, tokens.RequestToken!));
        }).WithMetadata(Compliance.Runtime.ComplianceLibraryEndpointMetadata.Instance);
    }

    private sealed record CsrfToken(string HeaderName, string Token);
}
