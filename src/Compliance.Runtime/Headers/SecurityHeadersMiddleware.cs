using Compliance.Runtime.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Compliance.Runtime.Headers;

/// <summary>
/// Writes the security headers just before the response starts, so they are present on every
/// response, including those produced by later middleware (429, 503, ProblemDetails) and
/// exception handlers. Headers the application set itself are kept, except Cache-Control on PHI.
/// </summary>
internal sealed class SecurityHeadersMiddleware
{
    private static readonly Func<object, Task> ApplyHeadersCallback = ApplyHeaders;

    private readonly RequestDelegate _next;
    private readonly SecurityHeadersOptions _options;
    private readonly bool _sendHsts;

    public SecurityHeadersMiddleware(RequestDelegate next, IOptions<SecurityHeadersOptions> options, IHostEnvironment environment)
    {
        _next = next;
        _options = options.Value;
        _sendHsts = _options.StrictTransportSecurity is not null && !environment.IsDevelopment();
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(ApplyHeadersCallback, (this, context));
        return _next(context);
    }

    private static Task ApplyHeaders(object state)
    {
        var (middleware, context) = ((SecurityHeadersMiddleware, HttpContext))state;
        middleware.Apply(context);
        return Task.CompletedTask;
    }

    private void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        if (_sendHsts && context.Request.IsHttps)
        {
            SetDefault(headers, HeaderNames.StrictTransportSecurity, _options.StrictTransportSecurity);
        }

        SetDefault(headers, HeaderNames.XContentTypeOptions, _options.ContentTypeOptions);
        SetDefault(headers, HeaderNames.XFrameOptions, _options.FrameOptions);
        SetDefault(headers, "Referrer-Policy", _options.ReferrerPolicy);
        SetDefault(headers, HeaderNames.ContentSecurityPolicy, _options.ContentSecurityPolicy);
        SetDefault(headers, "Permissions-Policy", _options.PermissionsPolicy);
        SetDefault(headers, "Cross-Origin-Resource-Policy", _options.CrossOriginResourcePolicy);

        if (_options.PhiCacheControl is { } cacheControl && context.GetEndpoint() is { } endpoint && EndpointShape.Of(endpoint).HandlesPhi)
        {
            headers.CacheControl = cacheControl;
            headers.Pragma = "no-cache";
            headers.Remove(HeaderNames.ETag);
        }
    }

    private static void SetDefault(IHeaderDictionary headers, string name, string? value)
    {
        if (value is not null && !headers.ContainsKey(name))
        {
            headers[name] = value;
        }
    }
}
