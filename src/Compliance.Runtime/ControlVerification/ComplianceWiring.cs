using System.Text;
using Compliance.Runtime.Mfa;
using Compliance.Runtime.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.ControlVerification;

/// <summary>
/// The runtime twin of CMP3007: an endpoint carrying a compliance control whose middleware is not
/// in the application would run unprotected while its code reads as protected, so the application
/// refuses to start (or, when neither <c>AddCompliance()</c> nor <see cref="ComplianceHostingStartup"/>
/// registered the check, the minimal-API endpoints refuse to be built) with a message naming the
/// endpoint, the missing call and the documentation page.
/// </summary>
internal static class ComplianceWiring
{
    private const int MaxListedEndpoints = 10;

    /// <summary>A control, the feature (<see cref="ComplianceMiddleware.Name"/>) that executes it, and where it is documented.</summary>
    internal sealed record Control(Type Metadata, string Name, string Feature, string Registration, string Documentation);

    internal static readonly Control Audited = new(typeof(AuditedAttribute), "[Audited]", "Auditing", "AddAuditing()", "docs/runtime/auditing.md");
    internal static readonly Control RateLimited = new(typeof(RateLimitedAttribute), "[RateLimited]", "RateLimiting", "AddRateLimiting()", "docs/runtime/rate-limiting.md");
    internal static readonly Control Validated = new(typeof(ValidatedAttribute), "[Validated]", "Validation", "AddValidation()", "docs/runtime/validation.md");
    internal static readonly Control RequireMfa = new(typeof(RequireMfaAttribute), "[RequireMfa]", "Mfa", "AddMfa()", "docs/runtime/mfa.md");

    private static readonly Control[] Controls = [Audited, RateLimited, Validated, RequireMfa];

    /// <summary>
    /// What is missing for the controls on <paramref name="endpoints"/>, one line per endpoint and
    /// control, or null when every control is executed.
    /// </summary>
    public static string? Describe(IEnumerable<Endpoint> endpoints, bool pipelineAdded, IReadOnlySet<string> features)
        => Describe(endpoints, pipelineAdded, features, "Compliance controls on these endpoints would do nothing, so the application does not start:", conclusion: null);

    /// <summary>
    /// What is missing when <c>AddCompliance()</c> was never called, or null when no endpoint
    /// carries a control (an application may reference the runtime without using its controls).
    /// </summary>
    public static string? DescribeWithoutServices(IEnumerable<Endpoint> endpoints)
        => Describe(
            endpoints,
            pipelineAdded: false,
            new HashSet<string>(StringComparer.Ordinal),
            "Compliance controls on these endpoints would do nothing: the application never calls builder.Services.AddCompliance(), so it does not start:",
            "Register the features named above on builder.Services.AddCompliance() and call app.UseCompliance() (see docs/runtime/wiring.md).");

    private static string? Describe(IEnumerable<Endpoint> endpoints, bool pipelineAdded, IReadOnlySet<string> features, string heading, string? conclusion)
    {
        var lines = new List<string>();
        foreach (var endpoint in endpoints)
        {
            foreach (var control in Controls)
            {
                if (!HasMetadata(endpoint.Metadata, control.Metadata))
                {
                    continue;
                }

                var missing = new List<string>(2);
                if (!features.Contains(control.Feature))
                {
                    missing.Add($"builder.Services.AddCompliance().{control.Registration}");
                }

                if (!pipelineAdded)
                {
                    missing.Add("app.UseCompliance()");
                }

                if (missing.Count > 0)
                {
                    lines.Add($"{endpoint.DisplayName ?? endpoint.ToString()}: {control.Name} needs {string.Join(" and ", missing)}, which the application never calls (see {control.Documentation})");
                }
            }
        }

        if (lines.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder(heading);
        foreach (var line in lines.Take(MaxListedEndpoints))
        {
            text.AppendLine().Append("  ").Append(line);
        }

        if (lines.Count > MaxListedEndpoints)
        {
            text.AppendLine().Append("  … and ").Append(lines.Count - MaxListedEndpoints).Append(" more.");
        }

        if (conclusion is not null)
        {
            text.AppendLine().Append(conclusion);
        }

        return text.ToString();
    }

    /// <summary>
    /// Run by the minimal-API conventions when the endpoint is built: without <c>AddCompliance()</c>
    /// and without <see cref="ComplianceHostingStartup"/> (turned off, or a host that skips hosting
    /// startups) no startup check of ours exists, and the endpoint must not serve requests unprotected.
    /// </summary>
    public static void RequireServices(EndpointBuilder endpoint, Control control, string convention)
    {
        if (endpoint.ApplicationServices.GetService<ComplianceMarker>() is not null
            || endpoint.ApplicationServices.GetService<ComplianceStartupCheck>() is not null)
        {
            return;
        }

        var name = endpoint.DisplayName ?? (endpoint as RouteEndpointBuilder)?.RoutePattern.RawText ?? "endpoint";
        throw new InvalidOperationException(
            $"{name}: {convention} ({control.Name}) needs builder.Services.AddCompliance().{control.Registration} and app.UseCompliance(), which the application never calls, so the endpoint is not served unprotected (see {control.Documentation}).");
    }

    private static bool HasMetadata(EndpointMetadataCollection metadata, Type type)
    {
        foreach (var item in metadata)
        {
            if (type.IsInstanceOfType(item))
            {
                return true;
            }
        }

        return false;
    }
}
