using Compliance.Runtime.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Compliance.Runtime.Redis;

/// <summary>
/// Fails closed while Redis is unreachable: a request whose rate limit, session, TOTP replay check
/// or shared key needed Redis and could not have it answers 503 with a ProblemDetails body,
/// never admitted unchecked and never a bare 500. The check wraps the whole pipeline (authentication
/// reads the session before any compliance middleware runs) and also answers through the
/// application's exception handler and the developer exception page when those catch it first.
/// </summary>
internal static partial class RedisFailures
{
    /// <summary>Whether <paramref name="exception"/> (or what it wraps) is a failure to reach or use Redis.</summary>
    public static bool IsRedisFailure(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 8; depth++)
        {
            if (exception is RedisException)
            {
                return true;
            }

            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Any(IsRedisFailure))
            {
                return true;
            }

            exception = exception.InnerException;
        }

        return false;
    }

    public static async Task WriteAsync(HttpContext context, Exception exception, ILogger logger)
    {
        // Neither the message (it names keys and the server) nor the configuration (it may hold a
        // password) is logged: the type says enough, the health check says which dependency is down.
        LogUnavailable(logger, exception.GetType().Name);
        context.Response.Clear();
        await ProblemResponses.WriteAsync(context, new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Service unavailable.",
            Detail = "A service this request depends on is unavailable. Try again later.",
        }).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 4601, Level = LogLevel.Error, Message = "Redis is unavailable ({ExceptionType}); the request was refused with 503 (fail closed).")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType);
}

/// <summary>Outermost middleware turning Redis failures into 503.</summary>
internal sealed class RedisFailureMiddleware(RequestDelegate next, ILogger<RedisFailureMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (RedisFailures.IsRedisFailure(exception) && !context.Response.HasStarted)
        {
            await RedisFailures.WriteAsync(context, exception, logger).ConfigureAwait(false);
        }
    }
}

/// <summary>Puts <see cref="RedisFailureMiddleware"/> before everything the application adds.</summary>
internal sealed class RedisFailureStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<RedisFailureMiddleware>();
        next(app);
    };
}

/// <summary>For applications with <c>UseExceptionHandler()</c>, which would otherwise answer 500.</summary>
internal sealed class RedisFailureExceptionHandler(ILogger<RedisFailureMiddleware> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!RedisFailures.IsRedisFailure(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        await RedisFailures.WriteAsync(httpContext, exception, logger).ConfigureAwait(false);
        return true;
    }
}

/// <summary>For the developer exception page, which would otherwise answer 500.</summary>
internal sealed class RedisFailureDeveloperPageFilter(ILogger<RedisFailureMiddleware> logger) : IDeveloperPageExceptionFilter
{
    public Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next) =>
        RedisFailures.IsRedisFailure(errorContext.Exception) && !errorContext.HttpContext.Response.HasStarted
            ? RedisFailures.WriteAsync(errorContext.HttpContext, errorContext.Exception, logger)
            : next(errorContext);
}
