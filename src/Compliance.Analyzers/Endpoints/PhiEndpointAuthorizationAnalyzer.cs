using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Endpoints;

/// <summary>
/// CMP3005: an endpoint that handles PHI/PII can be called anonymously: nothing requires
/// authorization (<c>[Authorize]</c> on the endpoint, class or base class, <c>RequireAuthorization</c>
/// on the endpoint, a route group or <c>MapControllers()</c>, a global <c>AuthorizeFilter</c>, the
/// fallback policy, or a configured equivalent), or <c>[AllowAnonymous]</c> / <c>.AllowAnonymous()</c>
/// overrides it, as it does in the authorization middleware wherever it appears. When the
/// application registers no authentication at all, the message says so and no fix is offered:
/// requiring authorization there answers every request with an error, not a challenge.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PhiEndpointAuthorizationAnalyzer : EndpointAnalyzer
{
    /// <summary>Diagnostic property set when an allow-anonymous marker is the cause (adding [Authorize] would not help).</summary>
    public const string AnonymousProperty = "Anonymous";

    /// <summary>Diagnostic property set when the application registers no authentication (adding [Authorize] alone would break the endpoint).</summary>
    public const string NoAuthenticationProperty = "NoAuthentication";

    private const string NoAuthorization = "no [Authorize], RequireAuthorization, authorization filter or fallback policy applies";

    public PhiEndpointAuthorizationAnalyzer()
        : base(Descriptors.PhiEndpointAllowsAnonymous)
    {
    }

    protected override void Analyze(EndpointInfo endpoint, EndpointContext context)
    {
        var equivalents = context.Option(ComplianceOptions.EndpointsAuthorizationEquivalents);
        if (endpoint.All(r => r.Authorization == AuthorizationState.Authorized || (r.Authorization == AuthorizationState.None && r.HasEquivalent(equivalents)))
            || context.PhiReason(endpoint) is not { } phi)
        {
            return;
        }

        if (endpoint.Any(static r => r.Authorization == AuthorizationState.Anonymous))
        {
            context.Report(
                Descriptors.PhiEndpointAllowsAnonymous,
                endpoint,
                FixTargets.None,
                ImmutableDictionary<string, string?>.Empty.Add(AnonymousProperty, "true"),
                endpoint.Display,
                phi,
                "[AllowAnonymous] or .AllowAnonymous() overrides every authorization requirement");
            return;
        }

        // Only a compilation that builds the application knows; a library's host may register it.
        if (context.Global.IsApplication && !context.Global.Authentication)
        {
            context.Report(
                Descriptors.PhiEndpointAllowsAnonymous,
                endpoint,
                FixTargets.None,
                ImmutableDictionary<string, string?>.Empty.Add(NoAuthenticationProperty, "true"),
                endpoint.Display,
                phi,
                NoAuthorization + ", and the application registers no authentication: configure an authentication scheme (AddAuthentication) first, then require authorization");
            return;
        }

        context.Report(
            Descriptors.PhiEndpointAllowsAnonymous,
            endpoint,
            FixTargetOf(endpoint),
            null,
            endpoint.Display,
            phi,
            NoAuthorization);
    }
}
