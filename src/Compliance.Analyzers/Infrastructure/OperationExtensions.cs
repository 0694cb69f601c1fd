using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// Walks down from an operation to the value it wraps. Callers differ on purpose in what they look
/// through: an explicit cast is something the author wrote and may change the value, so only some
/// analyses ignore it. Each method's name lists exactly what it skips. Parentheses only appear in
/// Visual Basic operation trees; C# does not produce <see cref="IParenthesizedOperation"/>.
/// </summary>
internal static class OperationExtensions
{
    /// <summary>Skips compiler-inserted (implicit) conversions; explicit casts and parentheses stop the walk.</summary>
    public static IOperation WalkDownImplicitConversions(this IOperation operation)
        => WalkDown(operation, explicitConversions: false, parentheses: false);

    /// <summary>Skips implicit conversions and parentheses; explicit casts stop the walk.</summary>
    public static IOperation WalkDownImplicitConversionsAndParentheses(this IOperation operation)
        => WalkDown(operation, explicitConversions: false, parentheses: true);

    /// <summary>Skips every conversion, implicit or explicit, and parentheses.</summary>
    public static IOperation WalkDownConversionsAndParentheses(this IOperation operation)
        => WalkDown(operation, explicitConversions: true, parentheses: true);

    private static IOperation WalkDown(IOperation operation, bool explicitConversions, bool parentheses)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion when conversion.IsImplicit || explicitConversions:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized when parentheses:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }
}
