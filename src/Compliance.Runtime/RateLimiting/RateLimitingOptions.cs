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

    /// <summary>
    /// The prefix length by which IPv6 clients share a limit (default 64): a client usually holds a
    /// whole /64 and can send every request from a new address in it. IPv4 clients are counted
    /// per address. 128 counts every IPv6 address separately.
    /// </summary>
    public int IPv6PrefixLength { get; set; } = 64;

    /// <summary>
    /// The top-level JSON members or form fields that carry the user name on Authentication and
    /// PasswordReset endpoints (default <c>username</c> and <c>email</c>, any letter case). These
    /// tiers are also limited per account (a keyed hash of the name), so guesses at one account
    /// from many addresses are limited too; the address limit and the account limit both apply.
    /// </summary>
    public IList<string> AccountFieldNames { get; } = new List<string> { "username", "email" };

    /// <summary>
    /// The largest credential request body read for the user name, in bytes (default 16 KiB).
    /// Larger bodies all share one account partition, so padding cannot escape the account limit.
    /// </summary>
    public int MaxAccountBodySize { get; set; } = 16 * 1024;

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
