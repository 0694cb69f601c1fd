using Compliance.Runtime.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Auditing;

/// <summary>
/// Writes the audit records of every request to an endpoint with <see cref="IAuditedMetadata"/>
/// (controllers and minimal APIs alike), through <see cref="IAuditLog"/> like every other producer.
/// With acknowledged durability and fail-closed (the defaults):
/// <list type="bullet">
/// <item>an unavailable log answers 503 before the handler runs;</item>
/// <item>a state-changing request (anything but GET, HEAD, OPTIONS, TRACE) first writes an
/// <c>attempted</c> record and runs its handler only once that record is durable;</item>
/// <item>the response body is held until the outcome record is durable (bounded by
/// <see cref="AuditOptions.MaxHeldResponseBytes"/>), so no PHI leaves without a record; if the
/// record fails the client gets a 503 instead of the body.</item>
/// </list>
/// </summary>
internal sealed partial class AuditMiddleware
{
    private readonly RequestDelegate _next;
    private readonly IAuditLog _log;
    private readonly AuditDurability _durability;
    private readonly bool _failClosed;
    private readonly bool _hold;
    private readonly int _maxHeldBytes;
    private readonly ILogger _logger;

    public AuditMiddleware(RequestDelegate next, IAuditLog log, IOptions<AuditOptions> options, ILogger<AuditMiddleware> logger)
    {
        _next = next;
        _log = log;
        var value = options.Value;
        _durability = value.Durability;
        _failClosed = value.FailClosed;
        _hold = value.HoldResponsesUntilAudited && value.Durability == AuditDurability.Acknowledged;
        _maxHeldBytes = value.MaxHeldResponseBytes;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var audited = context.GetEndpoint()?.Metadata.GetMetadata<IAuditedMetadata>();
        return audited is null ? _next(context) : InvokeAuditedAsync(context, audited);
    }

    internal static AuditEvent CreateEvent(HttpContext context, IAuditedMetadata audited, AuditOutcome outcome)
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

    private static bool ChangesState(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    private async Task InvokeAuditedAsync(HttpContext context, IAuditedMetadata audited)
    {
        if (_failClosed && !_log.IsAvailable)
        {
            LogFailedClosed(_logger);
            await WriteUnavailableAsync(context).ConfigureAwait(false);
            return;
        }

        if (ChangesState(context.Request.Method) && !await WriteAttemptAsync(context, audited).ConfigureAwait(false))
        {
            return;
        }

        if (!_hold)
        {
            await InvokeStreamingAsync(context, audited).ConfigureAwait(false);
            return;
        }

        var originalBody = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var outcomeWritten = false;
        using var hold = new AuditResponseHold(originalBody.Stream, _maxHeldBytes, async _ =>
        {
            // The body outgrew the hold: its record goes first, with the status known now.
            await _log.WriteAsync(CreateEvent(context, audited, AuditOutcome.FromStatusCode(context.Response.StatusCode)), AuditDurability.Acknowledged).ConfigureAwait(false);
            outcomeWritten = true;
        });
        var holding = new StreamResponseBodyFeature(hold, originalBody);
        context.Features.Set<IHttpResponseBodyFeature>(holding);
        try
        {
            try
            {
                await _next(context).ConfigureAwait(false);

                // Pushes what the handler wrote through the body's PipeWriter into the hold.
                await holding.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception) when (hold.ReleaseFailed)
            {
                // The record could not be written when the body outgrew the hold: nothing left, refuse the request.
                context.Features.Set(originalBody);
                await RefuseAsync(context, hold).ConfigureAwait(false);
                return;
            }
            catch (Exception)
            {
                context.Features.Set(originalBody);
                hold.Discard();
                await WriteErrorRecordAsync(context, audited).ConfigureAwait(false);
                throw;
            }

            context.Features.Set(originalBody);
            if (!outcomeWritten)
            {
                try
                {
                    await _log.WriteAsync(CreateEvent(context, audited, AuditOutcome.FromStatusCode(context.Response.StatusCode)), AuditDurability.Acknowledged).ConfigureAwait(false);
                }
                catch (AuditStoreUnavailableException ex)
                {
                    LogRecordLost(_logger, ex);
                    if (_failClosed)
                    {
                        await RefuseAsync(context, hold).ConfigureAwait(false);
                        return;
                    }
                }
            }

            await hold.CopyHeldBytesAsync(context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            context.Features.Set(originalBody);
        }
    }

    /// <summary>Writes the durable <c>attempted</c> record of a state change; false when the request was refused instead.</summary>
    private async Task<bool> WriteAttemptAsync(HttpContext context, IAuditedMetadata audited)
    {
        try
        {
            await _log.WriteAsync(CreateEvent(context, audited, new AuditOutcome(AuditResult.Attempted)), _durability).ConfigureAwait(false);
            return true;
        }
        catch (AuditStoreUnavailableException ex)
        {
            LogRecordLost(_logger, ex);
            if (!_failClosed)
            {
                return true;
            }

            await WriteUnavailableAsync(context).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>Without the hold (buffered durability, or the documented opt-out): the body streams and a failed record aborts the connection.</summary>
    private async Task InvokeStreamingAsync(HttpContext context, IAuditedMetadata audited)
    {
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        catch (Exception)
        {
            await WriteErrorRecordAsync(context, audited).ConfigureAwait(false);
            throw;
        }

        try
        {
            await _log.WriteAsync(CreateEvent(context, audited, AuditOutcome.FromStatusCode(context.Response.StatusCode)), _durability).ConfigureAwait(false);
        }
        catch (AuditStoreUnavailableException ex)
        {
            LogRecordLost(_logger, ex);
            if (!_failClosed)
            {
                return;
            }

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

    private async Task WriteErrorRecordAsync(HttpContext context, IAuditedMetadata audited)
    {
        var failure = CreateEvent(context, audited, new AuditOutcome(AuditResult.Error, StatusCodes.Status500InternalServerError, "exception"));
        try
        {
            await _log.WriteAsync(failure, _durability).ConfigureAwait(false);
        }
        catch (AuditStoreUnavailableException ex)
        {
            LogRecordLost(_logger, ex);
        }
    }

    private static async Task RefuseAsync(HttpContext context, AuditResponseHold hold)
    {
        hold.Discard();
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        await WriteUnavailableAsync(context).ConfigureAwait(false);
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
