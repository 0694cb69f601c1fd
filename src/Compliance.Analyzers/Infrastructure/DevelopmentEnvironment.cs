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

    /// <summary>
    /// True when <paramref name="operation"/> only runs in the Development environment, either inside
    /// a development-only branch or after an early exit that leaves every other environment:
    /// <c>if (!env.IsDevelopment()) { …; return; }</c> earlier in an enclosing block.
    /// </summary>
    public static bool IsDevelopmentOnly(IOperation operation)
    {
        if (IsInDevelopmentOnlyBranch(operation))
        {
            return true;
        }

        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                // An early return in the enclosing method says nothing about when a lambda runs.
                return false;
            }

            if (parent is not IBlockOperation block)
            {
                continue;
            }

            foreach (var statement in block.Operations)
            {
                if (ReferenceEquals(statement, current))
                {
                    break;
                }

                if (statement is IConditionalOperation { WhenFalse: null } conditional
                    && Classify(conditional.Condition) == EnvironmentCondition.NotDevelopment
                    && AlwaysExits(conditional.WhenTrue))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A branch whose last statement leaves the method: <c>return</c> or <c>throw</c>.</summary>
    private static bool AlwaysExits(IOperation branch)
    {
        while (branch is IBlockOperation { Operations.Length: > 0 } block)
        {
            branch = block.Operations[block.Operations.Length - 1];
        }

        return branch is IReturnOperation { Kind: OperationKind.Return }
            or IThrowOperation
            or IExpressionStatementOperation { Operation: IThrowOperation };
    }

    private static bool IsDevelopmentCheck(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!method.ContainingNamespace.IsNamespace("Microsoft.Extensions.Hosting") && !method.ContainingNamespace.IsNamespace("Microsoft.AspNetCore.Hosting"))
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
