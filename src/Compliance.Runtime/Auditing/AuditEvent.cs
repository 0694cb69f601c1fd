using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Compliance.Runtime.Auditing;

/// <summary>
/// One audit record (HIPAA 164.312(b), SOC 2 CC7.2): who did what to which resource, with what
/// outcome, from where. It never holds request or response bodies, and resource ids must be
/// surrogate keys (never an MRN, SSN or name). Records are immutable: use <c>with</c> to derive one.
/// </summary>
public sealed partial record AuditEvent
{
    /// <summary>The version of this record's shape, stored with every record.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>A unique, time-ordered id (UUID v7).</summary>
    public Guid EventId { get; init; } = Guid.CreateVersion7();

    /// <summary>When the audited activity happened (UTC). When left default, the audit log stamps it with its clock.</summary>
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>What happened, for example <c>phi.read</c> or <c>auth.login.failed</c>; see <see cref="AuditActions"/>.</summary>
    public required string Action { get => _action; init => _action = AuditLimits.Text(value)!; }

    /// <summary>Who did it.</summary>
    public AuditActor Actor { get; init; } = AuditActor.Anonymous;

    /// <summary>What it was done to, when it concerns one resource.</summary>
    public AuditResource? Resource { get; init; }

    /// <summary>How it ended.</summary>
    public AuditOutcome Outcome { get; init; } = AuditOutcome.Succeeded;

    /// <summary>The HTTP request it came from, when there was one.</summary>
    public AuditRequest? Request { get; init; }

    /// <summary>
    /// Names of the fields involved (for example the JSON paths a validation rejected). Names only,
    /// never values.
    /// </summary>
    public IReadOnlyList<string>? Fields { get => _fields; init => _fields = AuditLimits.Fields(value); }

    /// <summary>
    /// How many occurrences this one record stands for, when repeated events were aggregated (for
    /// example rate-limit rejections of one caller in one minute); null for a single occurrence.
    /// </summary>
    public int? Count { get; init; }

    /// <summary>The service that wrote the record. When null, the audit log fills in <c>ComplianceOptions.ServiceName</c>.</summary>
    public string? Service { get => _service; init => _service = AuditLimits.Text(value); }

    /// <summary>The shape version of the record.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    private readonly string _action = string.Empty;
    private readonly IReadOnlyList<string>? _fields;
    private readonly string? _service;

    /// <summary>
    /// Creates a security event (sign-in, sign-out, session, key management, rejection) for the
    /// current request: the actor comes from the authenticated user and the request details from
    /// the endpoint (route template, never the raw path).
    /// </summary>
    /// <param name="action">The action, usually one of <see cref="AuditActions"/>.</param>
    /// <param name="result">How it ended.</param>
    /// <param name="httpContext">The current request.</param>
    /// <param name="reason">A short machine-readable reason such as <c>"invalid_credentials"</c>; never a submitted value.</param>
    /// <returns>The event, ready for <see cref="IAuditLog.WriteAsync(AuditEvent, CancellationToken)"/>.</returns>
    public static AuditEvent Security(string action, AuditResult result, HttpContext httpContext, string? reason = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentNullException.ThrowIfNull(httpContext);
        return new AuditEvent
        {
            Action = action,
            Actor = AuditActor.FromPrincipal(httpContext.User),
            Outcome = new AuditOutcome(result, httpContext.Response.HasStarted ? httpContext.Response.StatusCode : null, reason),
            Request = AuditRequest.FromHttpContext(httpContext),
        };
    }

    /// <summary>
    /// Creates a security event that did not come from an HTTP request (a key rotation job, a
    /// session expiring in the background).
    /// </summary>
    /// <param name="action">The action, usually one of <see cref="AuditActions"/>.</param>
    /// <param name="result">How it ended.</param>
    /// <param name="actor">Who did it; <see cref="AuditActor.System"/> when null.</param>
    /// <param name="resource">What it was done to, if anything.</param>
    /// <param name="reason">A short machine-readable reason; never a secret or PHI.</param>
    /// <returns>The event, ready for <see cref="IAuditLog.WriteAsync(AuditEvent, CancellationToken)"/>.</returns>
    public static AuditEvent Security(string action, AuditResult result, AuditActor? actor = null, AuditResource? resource = null, string? reason = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        return new AuditEvent
        {
            Action = action,
            Actor = actor ?? AuditActor.System,
            Resource = resource,
            Outcome = new AuditOutcome(result, null, reason),
        };
    }
}

/// <summary>Who performed an audited action. Holds identifiers only, never names or contact details.</summary>
/// <param name="Type">The kind of actor: <c>user</c>, <c>service</c>, <c>system</c> or <c>anonymous</c>.</param>
/// <param name="Id">The stable surrogate id of the user or client (the <c>sub</c> / name-identifier claim); null when anonymous.</param>
/// <param name="Tenant">The tenant the actor acted in, if the application is multi-tenant.</param>
/// <param name="AuthenticationMethod">How the actor authenticated (the authentication type, e.g. <c>Cookies</c>, <c>Bearer</c>).</param>
/// <param name="MultiFactor">Whether the session was established with a second factor, when known.</param>
public sealed record AuditActor(string Type, string? Id = null, string? Tenant = null, string? AuthenticationMethod = null, bool? MultiFactor = null)
{
    private readonly string _type = AuditLimits.Text(Type)!;
    private readonly string? _id = AuditLimits.Text(Id);
    private readonly string? _tenant = AuditLimits.Text(Tenant);
    private readonly string? _authenticationMethod = AuditLimits.Text(AuthenticationMethod);

    /// <summary>The kind of actor: <c>user</c>, <c>service</c>, <c>system</c> or <c>anonymous</c>.</summary>
    public string Type { get => _type; init => _type = AuditLimits.Text(value)!; }

    /// <summary>The stable surrogate id of the user or client; null when anonymous.</summary>
    public string? Id { get => _id; init => _id = AuditLimits.Text(value); }

    /// <summary>The tenant the actor acted in.</summary>
    public string? Tenant { get => _tenant; init => _tenant = AuditLimits.Text(value); }

    /// <summary>How the actor authenticated.</summary>
    public string? AuthenticationMethod { get => _authenticationMethod; init => _authenticationMethod = AuditLimits.Text(value); }

    /// <summary>An unauthenticated caller.</summary>
    public static AuditActor Anonymous { get; } = new("anonymous");

    /// <summary>The application itself (background jobs, key rotation).</summary>
    public static AuditActor System { get; } = new("system");

    /// <summary>
    /// The actor for an authenticated principal: id from the <c>sub</c> or name-identifier claim,
    /// tenant from <c>tid</c>, MFA from the <c>amr</c> claim. Display names and emails are never read.
    /// </summary>
    /// <param name="principal">The request's user.</param>
    /// <returns>The actor, or <see cref="Anonymous"/> when the principal is not authenticated.</returns>
    public static AuditActor FromPrincipal(ClaimsPrincipal? principal)
    {
        var identity = principal?.Identity;
        if (principal is null || identity is null || !identity.IsAuthenticated)
        {
            return Anonymous;
        }

        var id = principal.FindFirst("sub")?.Value ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        var tenant = principal.FindFirst("tid")?.Value;
        bool? mfa = principal.HasClaim(static c => c.Type == "amr")
            ? principal.HasClaim(static c => c.Type == "amr" && c.Value is "mfa" or "otp" or "hwk" or "swk")
            : null;
        return new AuditActor("user", id, tenant, identity.AuthenticationType, mfa);
    }
}

/// <summary>The resource an audited action touched.</summary>
/// <param name="Type">The kind of resource, for example <c>Patient</c>.</param>
/// <param name="Id">Its surrogate id; never a natural identifier such as an MRN or SSN.</param>
public sealed record AuditResource(string Type, string? Id = null)
{
    private readonly string _type = AuditLimits.Text(Type)!;
    private readonly string? _id = AuditLimits.Text(Id);

    /// <summary>The kind of resource.</summary>
    public string Type { get => _type; init => _type = AuditLimits.Text(value)!; }

    /// <summary>Its surrogate id.</summary>
    public string? Id { get => _id; init => _id = AuditLimits.Text(value); }
}

/// <summary>How an audited action ended.</summary>
/// <param name="Result">Success, denied, failed or error.</param>
/// <param name="HttpStatus">The HTTP status code of the response, when there was one.</param>
/// <param name="Reason">A short machine-readable reason (for example <c>"invalid_credentials"</c>, <c>"exception"</c>); never a submitted value.</param>
public sealed record AuditOutcome(AuditResult Result, int? HttpStatus = null, string? Reason = null)
{
    private readonly string? _reason = AuditLimits.Text(Reason);

    /// <summary>A short machine-readable reason; never a submitted value.</summary>
    public string? Reason { get => _reason; init => _reason = AuditLimits.Text(value); }

    /// <summary>A success without further detail.</summary>
    public static AuditOutcome Succeeded { get; } = new(AuditResult.Success);

    /// <summary>Maps an HTTP status code: 1xx–3xx success, 401/403 denied, other 4xx failed, 5xx error.</summary>
    /// <param name="statusCode">The response status code.</param>
    /// <returns>The outcome.</returns>
    public static AuditOutcome FromStatusCode(int statusCode) => new(statusCode switch
    {
        < 400 => AuditResult.Success,
        StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => AuditResult.Denied,
        < 500 => AuditResult.Failed,
        _ => AuditResult.Error,
    }, statusCode);
}

/// <summary>The result part of an <see cref="AuditOutcome"/>.</summary>
public enum AuditResult
{
    /// <summary>The action completed.</summary>
    Success = 0,

    /// <summary>The actor was not allowed to perform it (401, 403, CSRF, MFA step-up).</summary>
    Denied = 1,

    /// <summary>The request was refused or did not complete for a client-side reason (4xx, invalid credentials, rate limit).</summary>
    Failed = 2,

    /// <summary>The server failed (5xx or an exception).</summary>
    Error = 3,

    /// <summary>
    /// The request is about to run: written (durably) before the handler of a state-changing audited
    /// request, so no change can happen without a record; its outcome record follows.
    /// </summary>
    Attempted = 4,
}

/// <summary>Where an audited action came from. Holds the route template, never the raw path or query string (they may contain PHI).</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="RouteTemplate">The matched endpoint's route template, for example <c>api/patients/{id}</c>.</param>
/// <param name="TraceId">The W3C trace id of the request's activity, for correlation with traces.</param>
/// <param name="ClientAddress">The client's IP address as seen by the server (after forwarded-headers processing, if configured).</param>
public sealed record AuditRequest(string Method, string? RouteTemplate, string? TraceId, string? ClientAddress)
{
    private readonly string _method = AuditLimits.Text(Method)!;
    private readonly string? _routeTemplate = AuditLimits.Text(RouteTemplate);
    private readonly string? _traceId = AuditLimits.Text(TraceId);
    private readonly string? _clientAddress = AuditLimits.Text(ClientAddress);

    /// <summary>The HTTP method (chosen by the client, so bounded like any other text).</summary>
    public string Method { get => _method; init => _method = AuditLimits.Text(value)!; }

    /// <summary>The matched endpoint's route template.</summary>
    public string? RouteTemplate { get => _routeTemplate; init => _routeTemplate = AuditLimits.Text(value); }

    /// <summary>The W3C trace id of the request's activity.</summary>
    public string? TraceId { get => _traceId; init => _traceId = AuditLimits.Text(value); }

    /// <summary>The client's IP address as seen by the server.</summary>
    public string? ClientAddress { get => _clientAddress; init => _clientAddress = AuditLimits.Text(value); }

    /// <summary>Reads the request details of <paramref name="httpContext"/>.</summary>
    /// <param name="httpContext">The current request.</param>
    /// <returns>The request details.</returns>
    public static AuditRequest FromHttpContext(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var endpoint = httpContext.GetEndpoint();
        var template = (endpoint as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText;
        var traceId = System.Diagnostics.Activity.Current?.TraceId.ToHexString();
        return new AuditRequest(httpContext.Request.Method, template, traceId, httpContext.Connection.RemoteIpAddress?.ToString());
    }
}
