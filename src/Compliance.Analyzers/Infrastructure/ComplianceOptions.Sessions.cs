namespace Compliance.Analyzers.Infrastructure;

public static partial class ComplianceOptions
{
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
