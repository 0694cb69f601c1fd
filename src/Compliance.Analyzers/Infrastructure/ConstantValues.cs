using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// Constant folding beyond the compiler's own: a local that is only ever written by its
/// initializer (<c>bool secure = true; o.Secure = secure;</c>), a read-only field with an
/// initializer, and a conditional whose branches are constants. Shared by the rules that must
/// tell a constant setting (or constant key bytes) from a computed one.
/// </summary>
internal static class ConstantValues
{
    private const int MaxNesting = 4;

    /// <summary>
    /// The constants <paramref name="value"/> may evaluate to, one per branch of a conditional, or
    /// false when some branch is not a constant.
    /// </summary>
    public static bool TryGetValues(IOperation value, out ImmutableArray<object?> values, CancellationToken cancellationToken = default)
    {
        var builder = ImmutableArray.CreateBuilder<object?>();
        var folded = Collect(value, builder, 0, cancellationToken);
        values = folded ? builder.ToImmutable() : ImmutableArray<object?>.Empty;
        return folded;
    }

    /// <summary>
    /// The value behind a reference that cannot change after initialization: a local whose only
    /// write is its initializer, or a read-only (or const) field with an initializer. Null otherwise.
    /// </summary>
    public static IOperation? InitialValue(IOperation reference, CancellationToken cancellationToken = default)
        => reference switch
        {
            ILocalReferenceOperation local => LocalInitializer(local, cancellationToken),
            IFieldReferenceOperation { Field: { } field } fieldReference when field.IsReadOnly || field.IsConst => FieldInitializer(field, fieldReference.SemanticModel, cancellationToken),
            _ => null,
        };

    private static bool Collect(IOperation value, ImmutableArray<object?>.Builder values, int nesting, CancellationToken cancellationToken)
    {
        if (value.ConstantValue is { HasValue: true } constant)
        {
            values.Add(constant.Value);
            return true;
        }

        if (nesting >= MaxNesting)
        {
            return false;
        }

        switch (value.WalkDownImplicitConversionsAndParentheses())
        {
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Collect(conditional.WhenTrue, values, nesting + 1, cancellationToken) && Collect(whenFalse, values, nesting + 1, cancellationToken);

            case ILocalReferenceOperation or IFieldReferenceOperation when InitialValue(value.WalkDownImplicitConversionsAndParentheses(), cancellationToken) is { } initial:
                return Collect(initial, values, nesting + 1, cancellationToken);

            default:
                return false;
        }
    }

    private static IOperation? LocalInitializer(ILocalReferenceOperation reference, CancellationToken cancellationToken)
    {
        var local = reference.Local;
        if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1 || reference.SemanticModel is not { } model)
        {
            return null;
        }

        if (local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: not null } declarator
            || declarator.SyntaxTree != reference.Syntax.SyntaxTree)
        {
            return null;
        }

        // A local can only be written inside the scope that declares it; any write there (by this
        // name, so conservatively) means the initializer is not the value everywhere.
        SyntaxNode scope = (SyntaxNode?)declarator.FirstAncestorOrSelf<BlockSyntax>()
            ?? (SyntaxNode?)declarator.FirstAncestorOrSelf<SwitchSectionSyntax>()
            ?? declarator.SyntaxTree.GetRoot(cancellationToken);
        foreach (var node in scope.DescendantNodes())
        {
            if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == local.Name && IsWritten(identifier))
            {
                return null;
            }
        }

        return model.GetOperation(declarator, cancellationToken) is IVariableDeclaratorOperation { Initializer.Value: { } initial } ? initial : null;
    }

    private static IOperation? FieldInitializer(IFieldSymbol field, SemanticModel? model, CancellationToken cancellationToken)
    {
        if (model is null || field.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var syntax = field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        if (syntax is not VariableDeclaratorSyntax { Initializer: { } initializer })
        {
            return null;
        }

        return SemanticModels.ForDeclaration(model, syntax.SyntaxTree)?.GetOperation(initializer, cancellationToken) is IFieldInitializerOperation { Value: { } value } ? value : null;
    }

    private static bool IsWritten(IdentifierNameSyntax identifier)
    {
        SyntaxNode node = identifier;
        while (node.Parent is TupleExpressionSyntax or ArgumentSyntax { Parent: TupleExpressionSyntax })
        {
            node = node.Parent;
        }

        return node.Parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left == node,
            PrefixUnaryExpressionSyntax prefix => prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression),
            PostfixUnaryExpressionSyntax postfix => postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression),
            ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword),
            RefExpressionSyntax => true,
            _ => false,
        };
    }
}
