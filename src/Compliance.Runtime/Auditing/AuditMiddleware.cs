using Compliance.Runtime.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Auditing;

/// <summary>
/// Writes the audit record of every request to an endpoint with <see cref="AuditedAttribute"/>
/// metadata (controllers and minimal APIs alike). With acknowledged durability the request
/// completes only after its record is durable; when the store is down the endpoint answers 503
/// instead of running unaudited (fail closed).
/// </summary>
internal sealed partial class AuditMiddleware
{
    private readonly RequestDelegate _next;
    private readonly AuditWriter _writer;
    private readonly bool _acknowledged;
    private readonly bool _failClosed;
    private readonly ILogger _logger;

    public AuditMiddleware(RequestDelegate next, AuditWriter writer, IOptions<AuditOptions> options, ILogger<AuditMiddleware> logger)
    {
        _next = next;
        _writer = writer;
        _acknowledged = options.Value.Durability == AuditDurability.Acknowledged;
        _failClosed = options.Value.FailClosed;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var audited = context.GetEndpoint()?.Metadata.GetMetadata<AuditedAttribute>();
        return audited is null ? _next(context) : InvokeAuditedAsync(context, audited);
    }

    internal static AuditEvent CreateEvent(HttpContext context, AuditedAttribute audited, AuditOutcome outcome)
    {
        var resourceId = context.GetRouteValue(audited.ResourceIdRouteValue)?.ToString();
        var resourceType = audited.ResourceType ?? context.GetEndpoint()?.Metadata.GetMetadata<ControllerActionDescriptor>()?.ControllerName;
        return new AuditEvent
        {
            Action = audited.Action ?? AuditActions.ForHttpMethod(context.Request.Method),
            Actor = AuditActor.FromPrincipal(context.User),
            Resource = resourceType is null && resourceId is null ? null : new AuditResource(resourceType ?? "resource", resourceId),
            Outcome = outcome,
            Request = AuditRequest.FromHttpContext(context),
        };
    }

    private async Task InvokeAuditedAsync(HttpContext context, AuditedAttribute audited)
    {
        if (_failClosed && !_writer.IsAvailable)
        {
            LogFailedClosed(_logger);
            await WriteUnavailableAsync(context).ConfigureAwait(false);
            return;
        }

        try
        {
            await _next(context).ConfigureAwait(false);
        }
        catch (Exception)
        {
            var failure = CreateEvent(context, audited, new AuditOutcome(AuditResult.Error, StatusCodes.Status500InternalServerError, "exception"));
            try
            {
                await _writer.EnqueueAsync(failure, _acknowledged).ConfigureAwait(false);
            }
            catch (AuditStoreUnavailableException ex)
            {
                LogRecordLost(_logger, ex);
            }

            throw;
        }

        var auditEvent = CreateEvent(context, audited, AuditOutcome.FromStatusCode(context.Response.StatusCode));
        try
        {
            await _writer.EnqueueAsync(auditEvent, _acknowledged).ConfigureAwait(false);
        }
        catch (AuditStoreUnavailableException ex) when (_failClosed)
        {
            LogRecordLost(_logger, ex);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await WriteUnavailableAsync(context).ConfigureAwait(false);
            }
            else
            {
                // The body is already on its way and cannot become a 503: cut the connection so the client never sees a complete, unaudited response.
                context.Abort();
            }
        }
    }

    private static Task WriteUnavailableAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "5";
        return ProblemResponses.WriteAsync(context, new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The audit trail is unavailable.",
            Detail = "The request was not processed because it could not be audited. Try again later.",
        });
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "An audited request was refused with 503 because the audit store is unavailable.")]
    private static partial void LogFailedClosed(ILogger logger);

    [LoggerMessage(EventId = 111, Level = LogLevel.Critical, Message = "The audit record of a request could not be written.")]
    private static partial void LogRecordLost(ILogger logger, Exception exception);
}
