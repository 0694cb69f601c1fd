using System.Collections.Immutable;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

public enum AuthorizationState
{
    /// <summary>Nothing requires an authenticated caller.</summary>
    None,

    /// <summary>An authorize attribute or convention, a global filter or the fallback policy applies.</summary>
    Authorized,

    /// <summary><c>[AllowAnonymous]</c> / <c>.AllowAnonymous()</c> applies somewhere, which overrides every authorization.</summary>
    Anonymous,
}

public enum RateLimitState
{
    None,

    /// <summary>A Compliance.Runtime tier (<see cref="ResolvedControls.RateLimitTier"/>).</summary>
    Tier,

    /// <summary>An ASP.NET Core rate-limiting policy (<c>[EnableRateLimiting]</c>, <c>RequireRateLimiting</c>).</summary>
    Policy,

    /// <summary>Only the application's global limiter.</summary>
    Global,

    /// <summary><c>[DisableRateLimiting]</c> is the nearest rate-limiting setting.</summary>
    Disabled,
}

public enum AntiforgeryState
{
    /// <summary>Nothing says either way: MVC controllers and minimal APIs without form binding do not validate.</summary>
    Default,
    Validated,
    Ignored,
}

/// <summary>
/// The controls of one <see cref="ControlPath"/>, resolved the way ASP.NET Core does: the nearest
/// setting wins (method over class over base class over global), except that an allow-anonymous
/// marker anywhere disables authorization (the authorization middleware checks for it first).
/// </summary>
public sealed class ResolvedControls
{
    private ResolvedControls(
        AuthorizationState authorization,
        RateLimitState rateLimit,
        string? rateLimitTier,
        bool validated,
        bool validationDisabled,
        bool audited,
        AntiforgeryState antiforgery,
        ImmutableArray<ControlMark> filters)
    {
        Authorization = authorization;
        RateLimit = rateLimit;
        RateLimitTier = rateLimitTier;
        Validated = validated;
        ValidationDisabled = validationDisabled;
        Audited = audited;
        Antiforgery = antiforgery;
        Filters = filters;
    }

    public AuthorizationState Authorization { get; }

    public RateLimitState RateLimit { get; }

    /// <summary>The tier's name (<c>Standard</c>) when <see cref="RateLimit"/> is <see cref="RateLimitState.Tier"/>.</summary>
    public string? RateLimitTier { get; }

    public bool Validated { get; }

    public bool ValidationDisabled { get; }

    public bool Audited { get; }

    public AntiforgeryState Antiforgery { get; }

    /// <summary>Every attribute and filter type on the path, for configured equivalents.</summary>
    public ImmutableArray<ControlMark> Filters { get; }

    /// <summary>True when an attribute or filter named in <paramref name="names"/> applies.</summary>
    public bool HasEquivalent(IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return false;
        }

        foreach (var filter in Filters)
        {
            if (filter.MatchesAny(names))
            {
                return true;
            }
        }

        return false;
    }

    /// <param name="levels">Marks from the nearest scope (the handler) to the farthest (global configuration).</param>
    public static ResolvedControls Resolve(ImmutableArray<ImmutableArray<ControlMark>> levels, bool fallbackPolicy, bool globalLimiter)
    {
        var anonymous = false;
        var authorized = fallbackPolicy;
        var audited = false;
        RateLimitState? rate = null;
        string? tier = null;
        bool? validated = null;
        AntiforgeryState? antiforgery = null;
        var filters = ImmutableArray.CreateBuilder<ControlMark>();

        foreach (var level in levels)
        {
            // Within one level the kinds do not compete (an attribute is either there or not), so
            // each level is read whole before the next, farther one.
            RateLimitState? levelRate = null;
            string? levelTier = null;
            bool? levelValidated = null;
            AntiforgeryState? levelAntiforgery = null;
            foreach (var mark in level)
            {
                switch (mark.Kind)
                {
                    case ControlKind.AllowAnonymous:
                        anonymous = true;
                        break;
                    case ControlKind.Authorize:
                        authorized = true;
                        break;
                    case ControlKind.Audited:
                        audited = true;
                        break;
                    case ControlKind.RateLimitDisabled:
                        levelRate = RateLimitState.Disabled;
                        break;
                    case ControlKind.RateLimitTier:
                        if (levelRate != RateLimitState.Disabled)
                        {
                            levelRate = RateLimitState.Tier;
                            levelTier = mark.Detail;
                        }

                        break;
                    case ControlKind.RateLimitPolicy:
                        levelRate ??= RateLimitState.Policy;
                        break;
                    case ControlKind.Validated:
                        levelValidated ??= true;
                        break;
                    case ControlKind.ValidationDisabled:
                        levelValidated = false;
                        break;
                    case ControlKind.AntiforgeryIgnored:
                        levelAntiforgery = AntiforgeryState.Ignored;
                        break;
                    case ControlKind.AntiforgeryValidated:
                        levelAntiforgery ??= AntiforgeryState.Validated;
                        break;
                    case ControlKind.Filter:
                        filters.Add(mark);
                        break;
                }
            }

            if (rate is null && levelRate is not null)
            {
                rate = levelRate;
                tier = levelTier;
            }

            validated ??= levelValidated;
            antiforgery ??= levelAntiforgery;
        }

        var authorization = anonymous ? AuthorizationState.Anonymous : authorized ? AuthorizationState.Authorized : AuthorizationState.None;
        var rateLimit = rate ?? (globalLimiter ? RateLimitState.Global : RateLimitState.None);
        return new ResolvedControls(
            authorization,
            rateLimit,
            rateLimit == RateLimitState.Tier ? tier : null,
            validated == true,
            validated == false,
            audited,
            antiforgery ?? AntiforgeryState.Default,
            filters.ToImmutable());
    }
}

/// <summary>One way an endpoint is mapped, with the controls met along it (nearest first).</summary>
public sealed class ControlPath
{
    public ControlPath(ImmutableArray<ImmutableArray<ControlMark>> levels, bool fallbackPolicy, bool globalLimiter)
    {
        Levels = levels;
        Resolved = ResolvedControls.Resolve(levels, fallbackPolicy, globalLimiter);
    }

    public ImmutableArray<ImmutableArray<ControlMark>> Levels { get; }

    public ResolvedControls Resolved { get; }
}
