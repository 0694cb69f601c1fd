using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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

    /// <summary>
    /// Like <see cref="AlwaysReturnsTrue"/>, and also true for a method group (<c>AcceptAll</c>) whose
    /// method, declared in source, does nothing but return the constant <c>true</c>
    /// (<c>=&gt; true</c> or <c>{ return true; }</c>). Any other body counts as real validation.
    /// </summary>
    public static bool AlwaysReturnsTrueIncludingMethodGroups(IOperation? value)
    {
        if (AlwaysReturnsTrue(value))
        {
            return true;
        }

        while (value is IConversionOperation or IDelegateCreationOperation or IParenthesizedOperation)
        {
            value = value switch
            {
                IConversionOperation conversion => conversion.Operand,
                IDelegateCreationOperation creation => creation.Target,
                IParenthesizedOperation parenthesized => parenthesized.Operand,
                _ => value,
            };
        }

        if (value is not IMethodReferenceOperation { Method: { } method } || method.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        // Syntax only: the method may live in another tree, whose semantic model an operation
        // action must not ask for.
        var declaration = method.DeclaringSyntaxReferences[0].GetSyntax();
        var (body, expressionBody) = declaration switch
        {
            MethodDeclarationSyntax m => (m.Body, m.ExpressionBody),
            LocalFunctionStatementSyntax f => (f.Body, f.ExpressionBody),
            _ => (null, null),
        };

        return expressionBody is { Expression: var expression } ? IsTrueLiteral(expression)
            : body is { Statements.Count: 1 } && body.Statements[0] is ReturnStatementSyntax { Expression: { } returned } && IsTrueLiteral(returned);
    }

    private static bool IsTrueLiteral(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression.IsKind(SyntaxKind.TrueLiteralExpression);
    }

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
