using System.Globalization;
using Compliance.Runtime.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Mfa;

/// <summary>Enforces <see cref="RequireMfaAttribute"/> from endpoint metadata (controllers and minimal APIs alike).</summary>
internal sealed class RequireMfaMiddleware(RequestDelegate next, IOptions<TotpOptions> options, TimeProvider time)
{
    internal const string StepUpProblemType = "https://tools.ietf.org/html/rfc9470#section-3";

    public Task InvokeAsync(HttpContext context)
    {
        var requirement = context.GetEndpoint()?.Metadata.GetMetadata<RequireMfaAttribute>();
        if (requirement is null)
        {
            return next(context);
        }

        if (context.User.Identity?.IsAuthenticated != true)
        {
            return ProblemResponses.WriteAsync(context, new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = "Authentication is required." });
        }

        var maxAge = requirement.MaxAgeMinutes > 0 ? TimeSpan.FromMinutes(requirement.MaxAgeMinutes) : options.Value.FreshnessWindow;
        var verifiedAt = MfaClaims.GetAuthenticatedAt(context.User);
        var now = time.GetUtcNow();
        if (verifiedAt is { } at && at <= now.AddMinutes(1) && now - at <= maxAge)
        {
            return next(context);
        }

        var seconds = ((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.WWWAuthenticate = $"Bearer error=\"insufficient_user_authentication\", error_description=\"A recent second factor is required\", max_age={seconds}";
        return ProblemResponses.WriteAsync(context, new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Type = StepUpProblemType,
            Title = "Multi-factor authentication is required.",
            Detail = "Verify a second factor, sign in again with it and retry the request.",
            Extensions = { ["stepUp"] = "mfa", ["maxAge"] = (long)maxAge.TotalSeconds },
        });
    }
}
