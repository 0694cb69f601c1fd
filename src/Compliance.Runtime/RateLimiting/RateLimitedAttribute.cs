namespace Compliance.Runtime;

/// <summary>
/// Limits how often a caller (the authenticated user, else the client address) may call the
/// endpoint or every endpoint of the controller. Rejected requests answer 429 with Retry-After.
/// For minimal APIs use the <c>.RateLimited(tier)</c> convention.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class RateLimitedAttribute : Attribute
{
    /// <summary>Applies the limits of <paramref name="tier"/>.</summary>
    /// <param name="tier">The tier; <see cref="RateLimitTier.Standard"/> when omitted.</param>
    public RateLimitedAttribute(RateLimitTier tier = RateLimitTier.Standard)
    {
        Tier = tier;
    }

    /// <summary>The tier whose limits apply.</summary>
    public RateLimitTier Tier { get; }
}
