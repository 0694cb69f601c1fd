using Compliance.Runtime.Auditing;
using Compliance.Runtime.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Sessions;

/// <summary>
/// CSRF protection for cookie-authenticated unsafe requests of every content type. The built-in
/// antiforgery middleware only checks form posts to endpoints that ask for it, so a JSON POST
/// riding the session cookie would pass; here the header token is validated with
/// <see cref="IAntiforgery"/> for every unsafe request the session cookie authenticates.
/// A request is exempt only when the session cookie does not authenticate it (a bearer-only API
/// client): the presence of an <c>Authorization</c> header proves nothing, since it need not
/// authenticate anything while the cookie still does.
/// </summary>
internal sealed class CsrfMiddleware(RequestDelegate next, IAntiforgery antiforgery, IOptions<SecureSessionOptions> options, IAuditLog audit)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!await RequiresTokenAsync(context).ConfigureAwait(false))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        try
        {
            await antiforgery.ValidateRequestAsync(context).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            await audit.WriteAsync(AuditEvent.Rejection(AuditActions.CsrfRejected, context, StatusCodes.Status403Forbidden, "missing_or_invalid_token"), context.RequestAborted).ConfigureAwait(false);

            await ProblemResponses.WriteAsync(context, new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "The request is missing a valid CSRF token.",
                Detail = $"Send the antiforgery token in the {options.Value.CsrfHeaderName} header.",
            }).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private async Task<bool> RequiresTokenAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
        {
            return false;
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: false })
        {
            return false;
        }

        // Only the session cookie is an ambient credential worth forging; the handler caches the result per request.
        var result = await context.AuthenticateAsync(options.Value.AuthenticationScheme).ConfigureAwait(false);
        return result.Succeeded;
    }
}
