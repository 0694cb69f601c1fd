using Compliance.Runtime;
using Compliance.Runtime.ControlVerification;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Minimal-API conventions that add the same metadata as the <see cref="AuditedAttribute"/>,
/// <see cref="RateLimitedAttribute"/> and <see cref="ValidatedAttribute"/> attributes, so endpoints
/// and route groups get exactly the behaviour of attributed controllers. When the endpoints are
/// built, an application without <c>AddCompliance()</c> gets an exception naming the endpoint and
/// the missing calls instead of endpoints that silently run without the control.
/// </summary>
public static class ComplianceEndpointConventionBuilderExtensions
{
    /// <summary>Audits every request to the endpoint (or every endpoint of the group).</summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoint or group.</param>
    /// <param name="action">The audited action, for example <c>"phi.read"</c>; derived from the HTTP method when null.</param>
    /// <param name="resourceType">The kind of resource, for example <c>"Patient"</c>.</param>
    /// <param name="resourceIdRouteValue">The route value holding the resource's surrogate id.</param>
    /// <returns>The builder.</returns>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string? action = null, string? resourceType = null, string resourceIdRouteValue = "id")
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(resourceIdRouteValue);
        var attribute = new AuditedAttribute { Action = action, ResourceType = resourceType, ResourceIdRouteValue = resourceIdRouteValue };
        builder.WithMetadata(attribute);
        builder.Add(static endpoint => ComplianceWiring.RequireServices(endpoint, ComplianceWiring.Audited, ".Audited()"));
        return builder;
    }

    /// <summary>Applies the limits of <paramref name="tier"/> to the endpoint (or every endpoint of the group).</summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoint or group.</param>
    /// <param name="tier">The tier; <see cref="RateLimitTier.Standard"/> when omitted.</param>
    /// <returns>The builder.</returns>
    public static TBuilder RateLimited<TBuilder>(this TBuilder builder, RateLimitTier tier = RateLimitTier.Standard)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithMetadata(new RateLimitedAttribute(tier));
        builder.Add(static endpoint => ComplianceWiring.RequireServices(endpoint, ComplianceWiring.RateLimited, ".RateLimited()"));
        return builder;
    }

    /// <summary>Validates request bodies of the endpoint (or every endpoint of the group) strictly.</summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoint or group.</param>
    /// <returns>The builder.</returns>
    public static TBuilder Validated<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithMetadata(new ValidatedAttribute());
        builder.Add(static endpoint => ComplianceWiring.RequireServices(endpoint, ComplianceWiring.Validated, ".Validated()"));
        return builder;
    }
}
