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
        // The MVC problem-details writer rebuilds the body from the status code and drops validation
        // errors, so field errors are written directly; everything else goes through the service.
        var service = problem is HttpValidationProblemDetails ? null : context.RequestServices.GetService<IProblemDetailsService>();
        if (problem is HttpValidationProblemDetails && System.Diagnostics.Activity.Current?.Id is { } traceId)
        {
            problem.Extensions["traceId"] = traceId;
        }

        if (service is not null && await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false))
        {
            return;
        }

        await context.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: "application/problem+json", context.RequestAborted).ConfigureAwait(false);
    }
}
