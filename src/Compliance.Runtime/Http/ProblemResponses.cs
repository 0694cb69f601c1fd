using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.Http;

/// <summary>Writes RFC 9457 problem responses through <see cref="IProblemDetailsService"/> when the application registered it, so its customisations apply.</summary>
internal static class ProblemResponses
{
    public static async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        var status = problem.Status ?? StatusCodes.Status400BadRequest;
        context.Response.StatusCode = status;
        problem.Status = status;
        problem.Instance ??= null;
        var service = context.RequestServices.GetService<IProblemDetailsService>();
        if (service is not null && await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false))
        {
            return;
        }

        await context.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: "application/problem+json", context.RequestAborted).ConfigureAwait(false);
    }
}
