using Compliance.Runtime.Auditing;

namespace Compliance.Runtime;

/// <summary>
/// Every request to the endpoint (or to every endpoint of the controller) writes a tamper-evident
/// audit record: who, what action, which resource, the outcome, and the route template — never
/// request or response bodies (HIPAA 164.312(b)). For minimal APIs use the <c>.Audited()</c>
/// convention, which adds this attribute as endpoint metadata.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class AuditedAttribute : Attribute, IAuditedMetadata
{
    /// <summary>
    /// The audited action, for example <c>"phi.read"</c>. When null it is derived from the HTTP
    /// method: <c>phi.read</c> for GET and HEAD, <c>phi.create</c>, <c>phi.update</c> or
    /// <c>phi.delete</c> otherwise.
    /// </summary>
    public string? Action { get; set; }

    /// <summary>The kind of resource the endpoint touches, for example <c>"Patient"</c>.</summary>
    public string? ResourceType { get; set; }

    /// <summary>
    /// The route value that holds the resource's surrogate id (default <c>"id"</c>). Use a
    /// surrogate key, never an identifier such as an MRN or SSN: the value is stored in the log.
    /// </summary>
    public string ResourceIdRouteValue { get; set; } = "id";
}
