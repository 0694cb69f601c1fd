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
/// The Content-Security-Policy depends on the response: a page policy for HTML, a deny-all policy
/// for everything else.
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
        if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
        {
            SetDefault(headers, HeaderNames.ContentSecurityPolicy, ContentSecurityPolicyFor(context));
        }
        SetDefault(headers, "Permissions-Policy", _options.PermissionsPolicy);
        SetDefault(headers, "Cross-Origin-Resource-Policy", _options.CrossOriginResourcePolicy);

        if (_options.PhiCacheControl is { } cacheControl && context.GetEndpoint() is { } endpoint && EndpointShape.Of(endpoint).HandlesPhi)
        {
            headers.CacheControl = cacheControl;
            headers.Pragma = "no-cache";
            headers.Remove(HeaderNames.ETag);
        }
    }

    /// <summary>
    /// HTML documents get the page policy, everything else the API policy. The Content-Type is
    /// final when the response starts (views, pages and static files set it before writing), so
    /// this is the one point where the kind of response is known for every endpoint, including
    /// error pages and responses of middleware that runs after this one.
    /// </summary>
    private string? ContentSecurityPolicyFor(HttpContext context)
    {
        if (!IsHtml(context.Response.ContentType))
        {
            return _options.ContentSecurityPolicy;
        }

        var policy = _options.PageContentSecurityPolicy;
        return policy is not null && context.Features.Get<CspNonceFeature>() is { } nonce ? CspNonceFeature.AddTo(policy, nonce.Nonce) : policy;
    }

    private static bool IsHtml(string? contentType)
        => contentType is not null
            && (contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase)
                || contentType.StartsWith("application/xhtml+xml", StringComparison.OrdinalIgnoreCase));

    private static void SetDefault(IHeaderDictionary headers, string name, string? value)
    {
        // Empty counts as null: configuration cannot express null, so "" in appsettings.json is how
        // a deployment hands a header to its reverse proxy.
        if (!string.IsNullOrEmpty(value) && !headers.ContainsKey(name))
        {
            headers[name] = value;
        }
    }
}
