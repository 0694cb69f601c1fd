using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// Constant folding of durations: <c>TimeSpan.FromMinutes(20)</c>, <c>FromHours</c>, <c>FromSeconds</c>,
/// <c>FromDays</c>, <c>FromMilliseconds</c>, <c>new TimeSpan(h, m, s)</c> and its other constructors,
/// and offsets from now such as <c>DateTime.UtcNow.AddHours(8)</c>. Anything else (configuration-bound
/// values, variables) is not constant and yields nothing, so rules stay silent on it.
/// </summary>
public static class TimeSpanFolding
{
    private const double TicksPerMinute = 600_000_000d;

    /// <summary>The duration in minutes when <paramref name="value"/> is a constant TimeSpan expression.</summary>
    public static bool TryGetMinutes(IOperation value, out double minutes)
    {
        minutes = 0;
        value = value.WalkDownConversionsAndParentheses();
        switch (value)
        {
            case IInvocationOperation { TargetMethod: { IsStatic: true, ContainingType.Name: "TimeSpan" } method, Arguments.Length: >= 1 } invocation
                when Number(invocation.Arguments[0].Value) is { } amount:
                minutes = method.Name switch
                {
                    "FromDays" => amount * 1440,
                    "FromHours" => amount * 60,
                    "FromMinutes" => amount,
                    "FromSeconds" => amount / 60,
                    "FromMilliseconds" => amount / 60_000,
                    _ => double.NaN,
                };
                return !double.IsNaN(minutes) && invocation.Arguments.Skip(1).All(static a => a.Value.ConstantValue.HasValue || a.IsImplicit);

            case IObjectCreationOperation { Type.Name: "TimeSpan" } creation when creation.Arguments.All(static a => Number(a.Value) is not null):
                var parts = creation.Arguments.Select(a => Number(a.Value)!.Value).ToArray();
                minutes = parts.Length switch
                {
                    1 => parts[0] / TicksPerMinute,
                    3 => parts[0] * 60 + parts[1] + parts[2] / 60,
                    4 => parts[0] * 1440 + parts[1] * 60 + parts[2] + parts[3] / 60,
                    5 => parts[0] * 1440 + parts[1] * 60 + parts[2] + parts[3] / 60 + parts[4] / 60_000,
                    _ => double.NaN,
                };
                return !double.IsNaN(minutes);

            default:
                return false;
        }
    }

    /// <summary>
    /// For <c>DateTime.UtcNow.AddHours(8)</c> (or <c>DateTimeOffset</c>, <c>Now</c>, <c>Add(TimeSpan)</c>):
    /// how far from now, in minutes.
    /// </summary>
    public static bool TryGetOffsetFromNow(IOperation value, out double minutes)
    {
        minutes = 0;
        value = value.WalkDownConversionsAndParentheses();
        if (value is not IInvocationOperation { Instance: IPropertyReferenceOperation { Property.Name: "UtcNow" or "Now", Property.IsStatic: true } now } invocation
            || now.Property.ContainingType.Name is not ("DateTime" or "DateTimeOffset")
            || invocation.Arguments.Length != 1)
        {
            return false;
        }

        var argument = invocation.Arguments[0].Value;
        if (invocation.TargetMethod.Name == "Add")
        {
            return TryGetMinutes(argument, out minutes);
        }

        if (Number(argument) is not { } amount)
        {
            return false;
        }

        minutes = invocation.TargetMethod.Name switch
        {
            "AddDays" => amount * 1440,
            "AddHours" => amount * 60,
            "AddMinutes" => amount,
            "AddSeconds" => amount / 60,
            _ => double.NaN,
        };
        return !double.IsNaN(minutes);
    }

    private static double? Number(IOperation value) => value.ConstantValue is { HasValue: true, Value: { } constant } && constant is not string and not bool
        ? Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture)
        : null;
}
