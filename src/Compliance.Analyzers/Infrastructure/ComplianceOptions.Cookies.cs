
namespace Compliance.Analyzers.Infrastructure;

/// <summary>The weakest SameSite mode a cookie may use. Ordered from weakest to strictest.</summary>
public enum MinimumSameSite
{
    Lax = 1,
    Strict = 2,
}

public static partial class ComplianceOptions
{
    /// <summary><c>compliance.cookies.minimum_same_site = lax|strict</c> (default lax).</summary>
    public static readonly OptionDefinition<MinimumSameSite> CookiesMinimumSameSite = new(
        "cookies",
        "minimum_same_site",
        MinimumSameSite.Lax,
        OptionParsers.OneOf(("lax", MinimumSameSite.Lax), ("strict", MinimumSameSite.Strict)),
        "lax, strict",
        RuleIds.CookieWithoutStrictSameSite);
}
