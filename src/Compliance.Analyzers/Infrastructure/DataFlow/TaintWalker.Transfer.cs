using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure.DataFlow;

/// <summary>
/// The transfer functions: what each kind of operation's value carries, and how assignments,
/// declarations and captures change the state (a strong update replaces, a compound one adds).
/// </summary>
internal sealed partial class TaintWalker
{
    /// <summary>The transfer function: the taint of <paramref name="operation"/>'s value, updating the state for what it assigns.</summary>
    private Taint Compute(IOperation operation) => operation switch
    {
        ILiteralOperation or IDefaultValueOperation or ITypeOfOperation or ISizeOfOperation or INameOfOperation or IInstanceReferenceOperation or ICaughtExceptionOperation => Taint.Empty,
        IFlowCaptureOperation capture => Capture(capture),
        IFlowCaptureReferenceOperation captureReference => _state.ReadWhole(captureReference.Id),
        IIsNullOperation isNull => Clean(isNull.Operand),
        ILocalReferenceOperation local => _state.ReadWhole(local.Local),
        IParameterReferenceOperation parameter => _state.ReadWhole(parameter.Parameter),
        IFieldReferenceOperation field => MemberRead(field, field.Field, field.Instance, isIndexer: false),
        IPropertyReferenceOperation property => PropertyRead(property),
        IArrayElementReferenceOperation element => ArrayElementRead(element),
        ISimpleAssignmentOperation assignment => SimpleAssignment(assignment),
        ICompoundAssignmentOperation compound => CompoundAssignment(compound),
        ICoalesceAssignmentOperation coalesceAssignment => CoalesceAssignment(coalesceAssignment),
        IDeconstructionAssignmentOperation deconstruction => DeconstructionAssignment(deconstruction),
        IVariableDeclarationGroupOperation group => Declarations(group),
        IInvocationOperation invocation => Invocation(invocation),
        IObjectCreationOperation creation => ObjectCreation(creation),
        IObjectOrCollectionInitializerOperation initializer => UnionOf(initializer.Initializers),
        IMemberInitializerOperation memberInitializer => Evaluate(memberInitializer.Initializer),
        IAnonymousObjectCreationOperation anonymous => AnonymousObjectCreation(anonymous),
        ITupleOperation tuple => UnionOf(tuple.Elements),
        IArrayCreationOperation array => ArrayCreation(array),
        IArrayInitializerOperation arrayInitializer => UnionOf(arrayInitializer.ElementValues),
        ICollectionExpressionOperation collection => UnionOf(collection.Elements),
        ISpreadOperation spread => Evaluate(spread.Operand),
        IInterpolatedStringHandlerCreationOperation handlerCreation => InterpolatedStringHandlerCreation(handlerCreation),
        IInterpolatedStringOperation interpolated => InterpolatedString(interpolated),
        IBinaryOperation binary => Binary(binary),
        IUnaryOperation unary => Unary(unary),
        IConversionOperation conversion => Evaluate(conversion.Operand),
        IParenthesizedOperation parenthesized => Evaluate(parenthesized.Operand),
        IAwaitOperation awaited => Evaluate(awaited.Operation),
        IConditionalOperation conditional => Conditional(conditional),
        ICoalesceOperation coalesce => Evaluate(coalesce.Value).Union(Evaluate(coalesce.WhenNull)),
        ISwitchExpressionOperation switchExpression => SwitchExpression(switchExpression),
        IWithOperation with => Evaluate(with.Operand).Union(Initializer(with, with.Initializer)),
        IArgumentOperation argument => Evaluate(argument.Value),
        IReturnOperation @return => Return(@return),
        IFlowAnonymousFunctionOperation lambda => Lambda(lambda),
        IDelegateCreationOperation delegateCreation => _screening ? Evaluate(delegateCreation.Target) : Clean(delegateCreation.Target),
        IExpressionStatementOperation statement => Clean(statement.Operation),
        _ when _screening => TreeOnly(operation),
        _ => Children(operation),
    };

    /// <summary>Evaluates <paramref name="operation"/> for what it does to the state; its own value carries nothing.</summary>
    private Taint Clean(IOperation? operation)
    {
        Evaluate(operation);
        return Taint.Empty;
    }

    /// <summary>Operations the transfer function does not know: their children are evaluated, their value is clean.</summary>
    private Taint Children(IOperation operation)
    {
        foreach (var child in operation.ChildOperations)
        {
            Evaluate(child);
        }

        return Taint.Empty;
    }

    private Taint Capture(IFlowCaptureOperation capture)
    {
        Rebind(capture.Id, Evaluate(capture.Value), RootOf(capture.Value));
        return Taint.Empty;
    }

    private Taint PropertyRead(IPropertyReferenceOperation property)
    {
        foreach (var argument in property.Arguments)
        {
            Evaluate(argument.Value);
        }

        return MemberRead(property, property.Property, property.Instance, property.Property.IsIndexer);
    }

    private Taint ArrayElementRead(IArrayElementReferenceOperation element)
    {
        foreach (var index in element.Indices)
        {
            Evaluate(index);
        }

        return Evaluate(element.ArrayReference);
    }

    private Taint SimpleAssignment(ISimpleAssignmentOperation assignment)
    {
        var value = Evaluate(assignment.Value);
        Assign(assignment.Target, value, assignment.Value, strong: true);
        CollectSinks(assignment);
        return value;
    }

    private Taint CompoundAssignment(ICompoundAssignmentOperation compound)
    {
        var value = Evaluate(compound.Value).Union(Evaluate(compound.Target));
        Assign(compound.Target, value, compound.Value, strong: false);
        CollectSinks(compound);
        return value;
    }

    private Taint CoalesceAssignment(ICoalesceAssignmentOperation coalesceAssignment)
    {
        var value = Evaluate(coalesceAssignment.Value).Union(Evaluate(coalesceAssignment.Target));
        Assign(coalesceAssignment.Target, value, coalesceAssignment.Value, strong: false);
        return value;
    }

    private Taint DeconstructionAssignment(IDeconstructionAssignmentOperation deconstruction)
    {
        var value = Evaluate(deconstruction.Value);
        var target = deconstruction.Target is IDeclarationExpressionOperation declaration ? declaration.Expression : deconstruction.Target;
        if (target is ITupleOperation targets)
        {
            AssignTuple(targets, deconstruction.Value, value);
        }

        return value;
    }

    private Taint Declarations(IVariableDeclarationGroupOperation group)
    {
        foreach (var declaration in group.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                if (declarator.GetVariableInitializer() is { } initializer)
                {
                    Rebind(declarator.Symbol, Evaluate(initializer.Value), RootOf(initializer.Value));
                }
            }
        }

        return Taint.Empty;
    }

    private Taint ObjectCreation(IObjectCreationOperation creation)
    {
        var taint = Taint.Empty;
        foreach (var argument in creation.Arguments)
        {
            taint = taint.Union(Evaluate(argument.Value));
        }

        taint = taint.Union(Initializer(creation, creation.Initializer));
        CollectSinks(creation);
        return taint.Union(WholeObject(creation.Type));
    }

    private Taint AnonymousObjectCreation(IAnonymousObjectCreationOperation anonymous)
    {
        var taint = Taint.Empty;
        foreach (var item in anonymous.Initializers)
        {
            taint = taint.Union(item is IAssignmentOperation member ? Evaluate(member.Value) : Evaluate(item));
        }

        return taint;
    }

    private Taint ArrayCreation(IArrayCreationOperation array)
    {
        foreach (var size in array.DimensionSizes)
        {
            Evaluate(size);
        }

        return Evaluate(array.Initializer);
    }

    private Taint InterpolatedStringHandlerCreation(IInterpolatedStringHandlerCreationOperation handlerCreation)
    {
        Evaluate(handlerCreation.HandlerCreation);
        return Evaluate(handlerCreation.Content);
    }

    private Taint InterpolatedString(IInterpolatedStringOperation interpolated)
    {
        var taint = Taint.Empty;
        foreach (var part in interpolated.Parts)
        {
            taint = part switch
            {
                IInterpolationOperation hole => taint.Union(Evaluate(hole.Expression)),
                IInterpolatedStringAppendOperation append => taint.Union(Evaluate(append.AppendCall)),
                _ => taint,
            };
        }

        return taint;
    }

    private Taint Binary(IBinaryOperation binary)
    {
        var taint = Evaluate(binary.LeftOperand).Union(Evaluate(binary.RightOperand));
        return IsBooleanLike(binary.Type) ? Taint.Empty : taint;
    }

    private Taint Unary(IUnaryOperation unary)
    {
        var taint = Evaluate(unary.Operand);
        return IsBooleanLike(unary.Type) ? Taint.Empty : taint;
    }

    private Taint Conditional(IConditionalOperation conditional)
    {
        Evaluate(conditional.Condition);
        return Evaluate(conditional.WhenTrue).Union(Evaluate(conditional.WhenFalse));
    }

    private Taint SwitchExpression(ISwitchExpressionOperation switchExpression)
    {
        Evaluate(switchExpression.Value);
        var taint = Taint.Empty;
        foreach (var arm in switchExpression.Arms)
        {
            taint = taint.Union(Evaluate(arm.Value));
        }

        return taint;
    }

    private Taint Return(IReturnOperation @return)
    {
        var taint = Evaluate(@return.ReturnedValue);
        _returned = _returned.Union(taint);
        return taint;
    }

    private Taint Lambda(IFlowAnonymousFunctionOperation lambda)
    {
        AnalyzeLambda(lambda);
        return Taint.Empty;
    }

    private Taint UnionOf(ImmutableArray<IOperation> operations)
    {
        var taint = Taint.Empty;
        foreach (var operation in operations)
        {
            taint = taint.Union(Evaluate(operation));
        }

        return taint;
    }

    private Taint MemberRead(IOperation reference, ISymbol member, IOperation? instance, bool isIndexer)
    {
        var instanceTaint = Evaluate(instance);
        var taint = _engine.SourceOf(member);

        if (RootOf(instance) is { } root)
        {
            taint = taint.Union(_state.Get(new TaintState.MemberKey(root, member)));
        }
        else if (instance is IInstanceReferenceOperation)
        {
            taint = taint.Union(_state.Get(new TaintState.MemberKey(TaintState.ThisRoot, member)));
        }

        if (isIndexer || (instance?.Type is { } instanceType && _engine.IsContainer(instanceType) && !IsShapeOnly(member)))
        {
            taint = taint.Union(instanceTaint);
        }

        return taint.Union(WholeObject(reference.Type));
    }

    private void Assign(IOperation target, Taint value, IOperation valueOperation, bool strong)
    {
        switch (target)
        {
            case ILocalReferenceOperation local:
                Store(local.Local, value, valueOperation, strong);
                break;
            case IParameterReferenceOperation parameter:
                Store(parameter.Parameter, value, valueOperation, strong);
                break;
            case IFlowCaptureReferenceOperation capture:
                Store(capture.Id, value, valueOperation, strong);
                break;
            case IFieldReferenceOperation field:
                AssignMember(field.Field, field.Instance, value, strong);
                break;
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                AssignMember(property.Property, property.Instance, value, strong);
                break;
            case IPropertyReferenceOperation indexer:
                // dictionary[key] = value: the collection now holds the value.
                if (RootOf(indexer.Instance) is { } indexedRoot)
                {
                    _state.Add(indexedRoot, value);
                }

                break;
            case IArrayElementReferenceOperation element:
                if (RootOf(element.ArrayReference) is { } arrayRoot)
                {
                    _state.Add(arrayRoot, value);
                }

                break;
            case ITupleOperation tuple:
                AssignTuple(tuple, valueOperation, value);
                break;
            case IDeclarationExpressionOperation declaration:
                Assign(declaration.Expression, value, valueOperation, strong);
                break;
        }
    }

    private void AssignTuple(ITupleOperation targets, IOperation valueOperation, Taint value)
    {
        // (a, b) = (x, y) assigns element-wise; any other value taints every element.
        var values = valueOperation.WalkDownConversionsAndParentheses() is ITupleOperation tupleValue && tupleValue.Elements.Length == targets.Elements.Length ? tupleValue : null;
        for (var i = 0; i < targets.Elements.Length; i++)
        {
            var elementValue = values is null ? value : Evaluate(values.Elements[i]);
            Assign(targets.Elements[i], elementValue, values?.Elements[i] ?? valueOperation, strong: true);
        }
    }

    private void Store(object root, Taint value, IOperation valueOperation, bool strong)
    {
        if (strong)
        {
            Rebind(root, value, RootOf(valueOperation));
        }
        else
        {
            _state.Add(root, value);
        }
    }

    private void AssignMember(ISymbol member, IOperation? instance, Taint value, bool strong)
    {
        object? root = RootOf(instance);
        if (root is null && instance is IInstanceReferenceOperation)
        {
            root = TaintState.ThisRoot;
        }

        if (root is null)
        {
            return;
        }

        var key = new TaintState.MemberKey(root, member);
        if (strong && !_screening)
        {
            _state.Set(key, value);
        }
        else
        {
            _state.Add(key, value);
        }
    }

    private Taint ParameterTaint(IParameterSymbol parameter)
    {
        return _engine.SourceOf(parameter).Union(WholeObject(parameter.Type));
    }

    private Taint WholeObject(ITypeSymbol? type) => type is null ? Taint.Empty : _engine.WholeObjectOf(type);

    private object? RootOf(IOperation? operation)
    {
        operation = operation?.WalkDownConversionsAndParentheses();
        return operation switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFlowCaptureReferenceOperation capture => capture.Id,
            _ when _screening => TreeRootOf(operation),
            _ => null,
        };
    }

    /// <summary>
    /// A root gets a new value. The analysis replaces what it held (a strong update); the screen,
    /// which walks the tree once for every path through it, only adds.
    /// </summary>
    private void Rebind(object root, Taint taint, object? copyFrom)
    {
        if (_screening)
        {
            _state.Merge(root, taint, copyFrom);
        }
        else
        {
            _state.Replace(root, taint, copyFrom);
        }
    }

    /// <summary>Members that describe a container's shape (<c>Count</c>, <c>Length</c>, <c>HasValue</c>), not its contents.</summary>
    private static bool IsShapeOnly(ISymbol member)
        => member.Name is "Count" or "Length" or "LongLength" or "LongCount" or "Capacity" or "Rank" or "IsEmpty" or "HasValue" or "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" or "Status"
        || (member is IPropertySymbol { Type.SpecialType: SpecialType.System_Boolean } or IFieldSymbol { Type.SpecialType: SpecialType.System_Boolean });

    private static bool IsBooleanLike(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_Boolean;
}
