using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Endpoints;

/// <summary>
/// CMP3002: an endpoint no rate limit applies to. Counted as a limit: <c>[RateLimited]</c> /
/// <c>.RateLimited()</c>, ASP.NET Core's <c>[EnableRateLimiting]</c> / <c>RequireRateLimiting</c>
/// (on the endpoint, its class, a base class, its route groups or <c>MapControllers()</c>), a
/// global limiter with <c>UseRateLimiter()</c>, and configured equivalents. An explicit
/// <c>[DisableRateLimiting]</c> is respected, except on endpoints that authenticate callers or
/// handle PHI.
/// Authentication endpoints without any limit are left to CMP3003, which asks for the right tier.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EndpointRateLimitAnalyzer : EndpointAnalyzer
{
    /// <summary>Diagnostic property set when the endpoint opts out with [DisableRateLimiting] (adding a tier would not help).</summary>
    public const string DisabledProperty = "Disabled";

    public EndpointRateLimitAnalyzer()
        : base(Descriptors.EndpointWithoutRateLimit)
    {
    }

    protected override void Analyze(EndpointInfo endpoint, EndpointContext context)
    {
        var equivalents = context.Option(ComplianceOptions.EndpointsRateLimitEquivalents);
        if (endpoint.All(r => r.RateLimit is RateLimitState.Tier or RateLimitState.Policy or RateLimitState.Global || r.HasEquivalent(equivalents)))
        {
            return;
        }

        var isAuthentication = AuthenticationEndpoints.RequiredTier(endpoint) is not null;
        if (endpoint.Any(static r => r.RateLimit == RateLimitState.Disabled))
        {
            var what = isAuthentication ? "authenticates callers" : context.PhiReason(endpoint) is { } phi ? "handles PHI (" + phi + ")" : null;
            if (what is not null)
            {
                context.Report(
                    Descriptors.EndpointWithoutRateLimit,
                    endpoint,
                    FixTargetOf(endpoint),
                    ImmutableDictionary<string, string?>.Empty.Add(DisabledProperty, "true"),
                    endpoint.Display,
                    "[DisableRateLimiting] turns rate limiting off on an endpoint that " + what);
            }

            return;
        }

        if (!isAuthentication)
        {
            context.Report(
                Descriptors.EndpointWithoutRateLimit,
                endpoint,
                FixTargetOf(endpoint),
                null,
                endpoint.Display,
                "no [RateLimited], [EnableRateLimiting], RequireRateLimiting or global limiter applies");
        }
    }
}
