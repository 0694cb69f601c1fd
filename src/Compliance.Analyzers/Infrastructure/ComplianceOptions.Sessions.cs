namespace Compliance.Analyzers.Infrastructure;

/// <summary>The weakest SameSite mode a cookie may use. Ordered from weakest to strictest.</summary>
public enum MinimumSameSite
{
    Lax = 1,
    Strict = 2,
}

public static partial class ComplianceOptions
{
    /// <summary><c>compliance.sessions.minimum_same_site = lax|strict</c> (default lax): the weakest SameSite mode a cookie may use.</summary>
    public static readonly OptionDefinition<MinimumSameSite> SessionsMinimumSameSite = new(
        "sessions",
        "minimum_same_site",
        MinimumSameSite.Lax,
        OptionParsers.OneOf(("lax", MinimumSameSite.Lax), ("strict", MinimumSameSite.Strict)),
        "lax, strict",
        RuleIds.CookieWithoutStrictSameSite);

    /// <summary><c>compliance.sessions.max_idle_minutes</c>: the longest idle timeout allowed (HIPAA automatic logoff).</summary>
    public static readonly OptionDefinition<int> SessionsMaxIdleMinutes = new(
        "sessions",
        "max_idle_minutes",
        15,
        OptionParsers.Integer(1, 1440),
        "a whole number of minutes from 1 to 1440",
        RuleIds.SessionTimeoutTooLong);

    /// <summary><c>compliance.sessions.max_absolute_minutes</c>: the longest lifetime of a sign-in, however active.</summary>
    public static readonly OptionDefinition<int> SessionsMaxAbsoluteMinutes = new(
        "sessions",
        "max_absolute_minutes",
        720,
        OptionParsers.Integer(1, 43200),
        "a whole number of minutes from 1 to 43200",
        RuleIds.SessionTimeoutTooLong);
}
