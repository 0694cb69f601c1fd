namespace Compliance.Runtime.Pipeline;

/// <summary>
/// The fixed order in which <c>app.UseCompliance()</c> runs the features' middleware. The whole
/// block runs after routing and authentication (so endpoint metadata and the user are known) and
/// before authorization (so denied requests are audited).
/// </summary>
public enum CompliancePipelineStage
{
    /// <summary>Response headers (registered as an on-starting callback, so they reach every response, including 429 and 503).</summary>
    SecurityHeaders = 100,

    /// <summary>Server-side session checks (idle timeout, revocation) that may replace the authenticated user.</summary>
    Sessions = 200,

    /// <summary>Tiered rate limiting; partitions by the authenticated user, so it follows sessions.</summary>
    RateLimiting = 300,

    /// <summary>Strict body validation; invalid requests are rejected (and audited as rejections) before any handler runs.</summary>
    Validation = 400,

    /// <summary>The audit record of the endpoint; everything after this stage is inside the audited outcome.</summary>
    Auditing = 500,

    /// <summary>CSRF checks for cookie-authenticated unsafe requests; inside auditing, so rejections are recorded as denied.</summary>
    Csrf = 600,

    /// <summary>Multi-factor step-up checks; inside auditing, so rejections are recorded as denied.</summary>
    Mfa = 700,
}
