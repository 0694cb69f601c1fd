using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

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
/// <remarks>
/// "The application has no rate limiting" is one fact, not one per endpoint: when neither the
/// application (<c>AddRateLimiter</c>, <c>UseRateLimiter</c>, a global limiter, Compliance.Runtime's
/// <c>AddRateLimiting()</c>, AspNetCoreRateLimit, configured middleware) nor any endpoint limits
/// anything, one diagnostic goes on the <c>Build()</c> call once every endpoint has been seen. A
/// library without any limiting reports nothing: the host that maps its endpoints decides, and its
/// own analysis reports the missing limiter. Endpoints left out of an application's limiting are
/// reported one by one, as they are what a reviewer would fix.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EndpointRateLimitAnalyzer : EndpointAnalyzer
{
    /// <summary>Diagnostic property set when the endpoint opts out with [DisableRateLimiting] (adding a tier would not help).</summary>
    public const string DisabledProperty = "Disabled";

    /// <summary>Diagnostic property set on the one diagnostic of an application without any rate limiting.</summary>
    public const string ApplicationProperty = "Application";

    private const string NoLimit = "no [RateLimited], [EnableRateLimiting], RequireRateLimiting or global limiter applies";

    public EndpointRateLimitAnalyzer()
        : base(Descriptors.EndpointWithoutRateLimit, Descriptors.ApplicationWithoutRateLimit)
    {
    }

    protected override object? CreateCompilationState(Compilation compilation) => new State { Compilation = compilation };

    protected override void Analyze(EndpointInfo endpoint, EndpointContext context)
    {
        var state = (State)context.CompilationState!;
        var equivalents = context.Option(ComplianceOptions.EndpointsRateLimitEquivalents);
        if (MiddlewareLimits(state, context.Global, equivalents))
        {
            return;
        }

        if (endpoint.Any(r => r.RateLimit is RateLimitState.Tier or RateLimitState.Policy or RateLimitState.Disabled || r.HasEquivalent(equivalents)))
        {
            state.EndpointLimits = true;
        }

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

        Interlocked.Increment(ref state.Unlimited);
        if (isAuthentication)
        {
            return;
        }

        if (ApplicationLimits(state, context.Global, equivalents))
        {
            context.Report(Descriptors.EndpointWithoutRateLimit, endpoint, FixTargetOf(endpoint), null, endpoint.Display, NoLimit);
        }
        else
        {
            // Whether this is one of a few endpoints left out, or the application limits nothing,
            // is known once every endpoint has been seen.
            state.Pending.Add(Diagnostic.Create(
                Descriptors.EndpointWithoutRateLimit,
                endpoint.Location,
                ImmutableDictionary<string, string?>.Empty.Add(FixTargetProperty, FixTargetOf(endpoint)),
                endpoint.Display,
                NoLimit));
        }
    }

    protected override void OnCompilationEnd(CompilationAnalysisContext context, object compilationState)
    {
        var state = (State)compilationState;
        var global = EndpointModel.For(context.Compilation).Global;
        if (state.EndpointLimits)
        {
            foreach (var diagnostic in state.Pending)
            {
                context.ReportDiagnostic(diagnostic);
            }

            return;
        }

        if (!global.IsApplication)
        {
            return;
        }

        var build = global.ApplicationBuilds[0];
        var equivalents = build.SourceTree is { } tree
            ? ComplianceOptions.EndpointsRateLimitEquivalents.Get(context.Options, tree)
            : ComplianceOptions.EndpointsRateLimitEquivalents.DefaultValue;
        if (ApplicationLimits(state, global, equivalents) || (state.Unlimited == 0 && !global.MapsEndpoints))
        {
            return;
        }

        var count = state.Unlimited;
        var endpoints = count switch
        {
            0 => "its endpoints",
            1 => "1 endpoint",
            _ => count.ToString(CultureInfo.InvariantCulture) + " endpoints",
        };
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.ApplicationWithoutRateLimit,
            build,
            ImmutableDictionary<string, string?>.Empty.Add(ApplicationProperty, "true").Add(FixTargetProperty, FixTargets.None),
            endpoints,
            count == 1 ? "accepts" : "accept"));
    }

    /// <summary>The application registers some rate limiting, which may leave endpoints out.</summary>
    private static bool ApplicationLimits(State state, GlobalEndpointPolicy global, IReadOnlyList<string> equivalents)
        => global.RateLimiting || MiddlewareLimits(state, global, equivalents);

    /// <summary>A rate-limiting middleware limits every request: AspNetCoreRateLimit, or one named in the option.</summary>
    private static bool MiddlewareLimits(State state, GlobalEndpointPolicy global, IReadOnlyList<string> equivalents)
        => global.RateLimitingMiddleware
           || (equivalents.Count > 0 && state.Middleware.GetOrAdd(string.Join(",", equivalents), _ => CallsMiddleware(state, equivalents)));

    /// <summary>
    /// A registration method named in <c>compliance.endpoints.rate_limit_equivalents</c>
    /// (<c>UseThrottling</c> or <c>ThrottlingExtensions.UseThrottling</c>: a <c>Use…</c> or
    /// <c>Add…</c> method, by simple name or with its declaring type's simple or full name) is
    /// called outside development-only branches. Computed once per list: a text pre-check of the
    /// method names, then only invocations of those names are bound.
    /// </summary>
    private static bool CallsMiddleware(State state, IReadOnlyList<string> equivalents)
    {
        var methods = new List<(string? Type, string Method)>();
        foreach (var entry in equivalents)
        {
            var dot = entry.LastIndexOf('.');
            var method = entry.Substring(dot + 1);
            if (method.StartsWith("Use", StringComparison.Ordinal) || method.StartsWith("Add", StringComparison.Ordinal))
            {
                methods.Add((dot < 0 ? null : entry.Substring(0, dot), method));
            }
        }

        var compilation = state.Compilation;
        if (methods.Count == 0 || compilation is null)
        {
            return false;
        }

        var words = methods.Select(static m => m.Method).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!SourceTextSearch.MentionsAny(tree, words))
            {
                continue;
            }

            SemanticModel? model = null;
            foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                var name = SyntaxNames.Invoked(invocation);
                if (name is null || !words.Contains(name, StringComparer.Ordinal))
                {
                    continue;
                }

                model ??= SemanticModels.For(compilation, tree);
                if (model.GetOperation(invocation) is not IInvocationOperation operation || DevelopmentEnvironment.IsInDevelopmentOnlyBranch(operation))
                {
                    continue;
                }

                var type = operation.TargetMethod.ContainingType;
                if (methods.Any(m => m.Method == name && (m.Type is null || m.Type == type?.Name || m.Type == type?.ToDisplayString())))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>What the rule learns about the compilation's endpoints before it can judge the application.</summary>
    private sealed class State
    {
        public int Unlimited;

        public Compilation? Compilation { get; set; }

        /// <summary>Some endpoint carries a limit (or an explicit opt-out): the application limits, just not everywhere.</summary>
        public bool EndpointLimits { get; set; }

        public ConcurrentBag<Diagnostic> Pending { get; } = new();

        public ConcurrentDictionary<string, bool> Middleware { get; } = new(StringComparer.Ordinal);
    }
}
