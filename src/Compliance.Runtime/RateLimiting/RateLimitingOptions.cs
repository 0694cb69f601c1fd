namespace Compliance.Runtime.RateLimiting;

/// <summary>
/// The limits of each <see cref="RateLimitTier"/>, bound from <c>Compliance:RateLimiting</c>
/// (for example <c>Compliance:RateLimiting:Tiers:Standard:PermitLimit</c>).
/// </summary>
public sealed class RateLimitingOptions
{
    /// <summary>The configuration section bound by <c>AddRateLimiting</c>.</summary>
    public const string SectionName = "Compliance:RateLimiting";

    /// <summary>
    /// The limit of every tier. Defaults follow the security plan: Authentication 10 per 15 minutes,
    /// PasswordReset 3 per hour, Standard 100 per minute, Bulk 10 per minute, Admin 50 per minute.
    /// </summary>
    public Dictionary<RateLimitTier, RateLimitTierOptions> Tiers { get; } = new()
    {
        [RateLimitTier.Authentication] = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(15) },
        [RateLimitTier.PasswordReset] = new() { PermitLimit = 3, Window = TimeSpan.FromHours(1) },
        [RateLimitTier.Standard] = new() { PermitLimit = 100, Window = TimeSpan.FromMinutes(1) },
        [RateLimitTier.Bulk] = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) },
        [RateLimitTier.Admin] = new() { PermitLimit = 50, Window = TimeSpan.FromMinutes(1) },
    };

    /// <summary>Sets the limit of <paramref name="tier"/>.</summary>
    /// <param name="tier">The tier.</param>
    /// <param name="permitLimit">Requests allowed per window.</param>
    /// <param name="window">The window.</param>
    /// <returns>These options.</returns>
    public RateLimitingOptions Tier(RateLimitTier tier, int permitLimit, TimeSpan window)
    {
        Tiers[tier] = new RateLimitTierOptions { PermitLimit = permitLimit, Window = window };
        return this;
    }
}

/// <summary>The limit of one tier.</summary>
public sealed class RateLimitTierOptions
{
    /// <summary>Requests allowed per <see cref="Window"/> and caller.</summary>
    public int PermitLimit { get; set; }

    /// <summary>The window.</summary>
    public TimeSpan Window { get; set; }

    /// <summary>
    /// The algorithm. Default: <see cref="RateLimitAlgorithm.SlidingLog"/> for the Authentication
    /// and PasswordReset tiers (exactly N in any window), <see cref="RateLimitAlgorithm.Gcra"/> for
    /// the others (constant memory per caller).
    /// </summary>
    public RateLimitAlgorithm? Algorithm { get; set; }
}

/// <summary>How a tier counts requests.</summary>
public enum RateLimitAlgorithm
{
    /// <summary>Keeps the time of the last N accepted requests: at most N in any window of the tier's length; memory grows with N.</summary>
    SlidingLog = 0,

    /// <summary>Generic cell rate algorithm: bursts of up to N, then one request every window/N; one timestamp per caller.</summary>
    Gcra = 1,
}
