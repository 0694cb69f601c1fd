using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>Which environments a branch condition selects.</summary>
public enum EnvironmentCondition
{
    /// <summary>The condition says nothing about the hosting environment.</summary>
    Unrelated,

    /// <summary>True only in the Development environment (<c>env.IsDevelopment()</c>).</summary>
    DevelopmentOnly,

    /// <summary>True everywhere but Development (<c>!env.IsDevelopment()</c>).</summary>
    NotDevelopment,
}

/// <summary>
/// Recognises development-only branches, so rules judge the configuration that runs in
/// production: settings relaxed under <c>if (app.Environment.IsDevelopment())</c> are normal
/// local-development practice, not a compliance finding.
/// </summary>
public static class DevelopmentEnvironment
{
    public static EnvironmentCondition Classify(IOperation? condition)
    {
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Classify(not.Operand) switch
                {
                    EnvironmentCondition.DevelopmentOnly => EnvironmentCondition.NotDevelopment,
                    EnvironmentCondition.NotDevelopment => EnvironmentCondition.DevelopmentOnly,
                    _ => EnvironmentCondition.Unrelated,
                };
            case IParenthesizedOperation parenthesized:
                return Classify(parenthesized.Operand);
            case IInvocationOperation invocation when IsDevelopmentCheck(invocation):
                return EnvironmentCondition.DevelopmentOnly;
            default:
                return EnvironmentCondition.Unrelated;
        }
    }

    /// <summary>True when <paramref name="operation"/> only runs in the Development environment.</summary>
    public static bool IsInDevelopmentOnlyBranch(IOperation operation)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            if (parent is IConditionalOperation conditional && !ReferenceEquals(conditional.Condition, current))
            {
                var selects = Classify(conditional.Condition);
                if ((selects == EnvironmentCondition.DevelopmentOnly && ReferenceEquals(conditional.WhenTrue, current))
                    || (selects == EnvironmentCondition.NotDevelopment && ReferenceEquals(conditional.WhenFalse, current)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsDevelopmentCheck(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingNamespace?.ToDisplayString() is not ("Microsoft.Extensions.Hosting" or "Microsoft.AspNetCore.Hosting"))
        {
            return false;
        }

        if (method.Name == "IsDevelopment")
        {
            return true;
        }

        // env.IsEnvironment("Development")
        return method.Name == "IsEnvironment"
            && invocation.Arguments.Length == 2
            && invocation.Arguments[1].Value.ConstantValue is { HasValue: true, Value: string name }
            && string.Equals(name, "Development", StringComparison.OrdinalIgnoreCase);
    }
}
