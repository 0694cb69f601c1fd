using Microsoft.AspNetCore.Http;

namespace Compliance.Runtime.Auditing;

/// <summary>The factory of rejection events, shared by every control that refuses a request.</summary>
public sealed partial record AuditEvent
{
    /// <summary>
    /// Creates the event of a request a control refused (rate limit, validation, CSRF, MFA step-up):
    /// actor and request details from <paramref name="httpContext"/>, the status code the client
    /// gets, and a machine-readable reason. Every control builds its rejection records here, so they
    /// have one shape.
    /// </summary>
    /// <param name="action">The action, one of the rejection names of <see cref="AuditActions"/>.</param>
    /// <param name="httpContext">The refused request.</param>
    /// <param name="statusCode">The status code sent; 401 and 403 are recorded as denied, others as failed.</param>
    /// <param name="reason">A short machine-readable reason such as <c>"rate_limited"</c>; never a submitted value.</param>
    /// <param name="fields">Names of the fields involved, never values.</param>
    /// <returns>The event, ready for <see cref="IAuditLog.WriteAsync(AuditEvent, AuditDurability, CancellationToken)"/>.</returns>
    public static AuditEvent Rejection(string action, HttpContext httpContext, int statusCode, string reason, IReadOnlyList<string>? fields = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var result = statusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden ? AuditResult.Denied : AuditResult.Failed;
        return new AuditEvent
        {
            Action = action,
            Actor = AuditActor.FromPrincipal(httpContext.User),
            Outcome = new AuditOutcome(result, statusCode, reason),
            Request = AuditRequest.FromHttpContext(httpContext),
            Fields = fields,
        };
    }
}
