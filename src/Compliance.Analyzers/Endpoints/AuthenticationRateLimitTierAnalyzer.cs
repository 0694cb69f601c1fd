using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Endpoints;

/// <summary>
/// CMP3003: an endpoint that authenticates callers (sign-in, tokens, MFA, passwords; see
/// <see cref="AuthenticationEndpoints"/>) is not on <c>RateLimitTier.Authentication</c>, or, for
/// password reset flows, <c>RateLimitTier.PasswordReset</c>. A named ASP.NET Core policy or a
/// configured equivalent is the application's own deliberate choice and is not second-guessed;
/// <c>[DisableRateLimiting]</c> is CMP3002's to report.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AuthenticationRateLimitTierAnalyzer : EndpointAnalyzer
{
    public AuthenticationRateLimitTierAnalyzer()
        : base(Descriptors.AuthenticationEndpointNotOnAuthenticationTier)
    {
    }

    protected override void Analyze(EndpointInfo endpoint, EndpointContext context)
    {
        if (AuthenticationEndpoints.RequiredTier(endpoint) is not { } required
            || endpoint.Any(static r => r.RateLimit == RateLimitState.Disabled))
        {
            return;
        }

        var equivalents = context.Option(ComplianceOptions.EndpointsRateLimitEquivalents);
        ResolvedControls? offending = null;
        foreach (var path in endpoint.Paths)
        {
            var controls = path.Resolved;
            var accepted = controls.RateLimit == RateLimitState.Policy
                || controls.HasEquivalent(equivalents)
                || (controls.RateLimit == RateLimitState.Tier && IsStrictEnough(controls.RateLimitTier, required));
            if (!accepted)
            {
                offending = controls;
                break;
            }
        }

        if (offending is null)
        {
            return;
        }

        var current = offending.RateLimit switch
        {
            RateLimitState.Tier => "is on RateLimitTier." + offending.RateLimitTier,
            RateLimitState.Global => "is limited only by the global limiter",
            _ => "has no rate limit",
        };
        context.Report(
            Descriptors.AuthenticationEndpointNotOnAuthenticationTier,
            endpoint,
            FixTargetOf(endpoint),
            ImmutableDictionary<string, string?>.Empty.Add(TierProperty, required),
            endpoint.Display,
            current,
            required);
    }

    /// <summary>PasswordReset (3 per hour) is stricter than Authentication (10 per 15 minutes), so it satisfies both.</summary>
    private static bool IsStrictEnough(string? tier, string required)
        => tier == required || (required == "Authentication" && tier == "PasswordReset");
}
