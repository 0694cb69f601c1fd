using System.Text;
using Compliance.Runtime.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Logging;

namespace Compliance.Runtime.ControlVerification;

/// <summary>A PHI endpoint missing one or more controls.</summary>
/// <param name="Endpoint">The endpoint's display name (route and handler).</param>
/// <param name="MissingControls">The missing controls: <c>audit</c>, <c>rate limit</c>, <c>validation</c>.</param>
internal sealed record ComplianceControlFinding(string Endpoint, IReadOnlyList<string> MissingControls);

/// <summary>The runtime twin of CMP3001–CMP3004, run over the endpoints that actually exist.</summary>
internal static partial class ComplianceControlVerifier
{
    public static IReadOnlyList<ComplianceControlFinding> Verify(IEnumerable<Endpoint> endpoints)
    {
        var findings = new List<ComplianceControlFinding>();
        foreach (var endpoint in endpoints)
        {
            var shape = EndpointShape.Of(endpoint);
            if (!shape.HandlesPhi)
            {
                continue;
            }

            var metadata = endpoint.Metadata;
            var missing = new List<string>(3);
            if (metadata.GetMetadata<Compliance.Runtime.Auditing.IAuditedMetadata>() is null)
            {
                missing.Add("audit");
            }

            if (metadata.GetMetadata<RateLimitedAttribute>() is null && metadata.GetMetadata<EnableRateLimitingAttribute>() is null)
            {
                missing.Add("rate limit");
            }

            if (shape.BodyType is not null && metadata.GetMetadata<ValidatedAttribute>() is null)
            {
                missing.Add("validation");
            }

            if (missing.Count > 0)
            {
                findings.Add(new ComplianceControlFinding(endpoint.DisplayName ?? endpoint.ToString() ?? "endpoint", missing));
            }
        }

        return findings;
    }

    public static void Report(IReadOnlyList<ComplianceControlFinding> findings, ILogger logger)
    {
        foreach (var finding in findings)
        {
            LogMissingControls(logger, finding.Endpoint, string.Join(", ", finding.MissingControls));
        }
    }

    public static string Describe(IReadOnlyList<ComplianceControlFinding> findings)
    {
        var text = new StringBuilder("Endpoints that handle PHI are missing compliance controls (RequireControlsOnAllPhiEndpoints is on):");
        foreach (var finding in findings)
        {
            text.AppendLine().Append("  ").Append(finding.Endpoint).Append(": no ").Append(string.Join(", no ", finding.MissingControls));
        }

        return text.ToString();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Endpoint {Endpoint} handles PHI but has no {MissingControls}; add [Audited], [RateLimited] and [Validated] (or .Audited(), .RateLimited(), .Validated()).")]
    private static partial void LogMissingControls(ILogger logger, string endpoint, string missingControls);
}
