namespace Compliance.Runtime.Auditing;

/// <summary>
/// Endpoint metadata that makes every request to the endpoint write an audit record. The audit
/// middleware, the startup control check and the PHI endpoint detection match this interface, the
/// ASP.NET Core way, so <see cref="AuditedAttribute"/>, the <c>.Audited()</c> convention and
/// metadata of your own are treated alike.
/// </summary>
public interface IAuditedMetadata
{
    /// <summary>The audited action, for example <c>"phi.read"</c>; derived from the HTTP method when null.</summary>
    string? Action { get; }

    /// <summary>The kind of resource the endpoint touches, for example <c>"Patient"</c>.</summary>
    string? ResourceType { get; }

    /// <summary>The route value that holds the resource's surrogate id.</summary>
    string ResourceIdRouteValue { get; }
}
