using Compliance.Runtime.ControlVerification;
using Compliance.Runtime.Mfa;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The minimal-API form of <see cref="RequireMfaAttribute"/>.</summary>
public static class RequireMfaEndpointConventionBuilderExtensions
{
    /// <summary>Requires a recent second factor on the endpoints (see <see cref="RequireMfaAttribute"/>).</summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="maxAgeMinutes">How old the verification may be; 0 uses the configured freshness window.</param>
    /// <returns>The builder.</returns>
    public static TBuilder RequireMfa<TBuilder>(this TBuilder builder, int maxAgeMinutes = 0)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var requirement = new RequireMfaAttribute { MaxAgeMinutes = maxAgeMinutes };
        builder.Add(endpoint =>
        {
            endpoint.Metadata.Add(requirement);
            ComplianceWiring.RequireServices(endpoint, ComplianceWiring.RequireMfa, ".RequireMfa()");
        });
        return builder;
    }
}
