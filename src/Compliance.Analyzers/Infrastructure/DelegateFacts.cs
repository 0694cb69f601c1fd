using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>Facts about lambdas passed as validation callbacks.</summary>
public static class DelegateFacts
{
    /// <summary>
    /// True when <paramref name="value"/> is a lambda (or anonymous method) every return of which is
    /// the constant <c>true</c>: a validator that accepts everything (<c>(_, _, _, _) =&gt; true</c>).
    /// </summary>
    public static bool AlwaysReturnsTrue(IOperation? value)
        => Lambda(value) is { } lambda && AllReturns(lambda, static returned => returned.ConstantValue is { HasValue: true, Value: true });

    /// <summary>True when every return of the lambda satisfies <paramref name="predicate"/> (and there is at least one).</summary>
    public static bool AllReturns(IAnonymousFunctionOperation lambda, Func<IOperation, bool> predicate)
    {
        var any = false;
        foreach (var operation in lambda.Body.Descendants())
        {
            if (operation is IReturnOperation { ReturnedValue: { } returned } && IsOwnReturn(operation, lambda))
            {
                any = true;
                if (!predicate(returned.WalkDownImplicitConversions()))
                {
                    return false;
                }
            }
        }

        return any;
    }

    public static IAnonymousFunctionOperation? Lambda(IOperation? value)
    {
        while (true)
        {
            switch (value)
            {
                case IConversionOperation conversion:
                    value = conversion.Operand;
                    break;
                case IDelegateCreationOperation creation:
                    value = creation.Target;
                    break;
                case IParenthesizedOperation parenthesized:
                    value = parenthesized.Operand;
                    break;
                case IAnonymousFunctionOperation lambda:
                    return lambda;
                default:
                    return null;
            }
        }
    }

    private static bool IsOwnReturn(IOperation returnOperation, IAnonymousFunctionOperation lambda)
    {
        for (var current = returnOperation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return ReferenceEquals(current, lambda);
            }
        }

        return false;
    }
}
