using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure.Flow;

/// <summary>
/// Follows an options object (for example <c>CookieOptions</c>) from where it is created to where
/// it is used and tells which values its tracked properties may hold there, joined over every
/// path. It understands object initializers, later assignments in the same body (through
/// if/else, switch, loops and try), copies, conditional expressions, and options returned by a
/// helper method or held in a read-only field. Branches that only run in Development are
/// skipped. Whenever the object escapes (passed to an unknown method, captured by a lambda,
/// aliased) the result is <see cref="ObjectState.Unknown"/> and rules stay silent.
/// </summary>
public sealed class ObjectPropertyFlow
{
    private const int MaxHelperDepth = 2;

    /// <summary>
    /// Bound on nested evaluations (a local initialised from another local, a helper's return
    /// value, ...). It also stops self-referencing assignments such as <c>o = flag ? o : new()</c>
    /// from re-entering the same body forever.
    /// </summary>
    private const int MaxNesting = 8;

    private readonly INamedTypeSymbol _objectType;
    private readonly ImmutableArray<string> _propertyNames;
    private readonly Func<ILocalReferenceOperation, bool> _isBenignUse;

    /// <param name="objectType">The tracked type (derived types are tracked too).</param>
    /// <param name="propertyNames">The tracked properties; the state's indexes follow this order.</param>
    /// <param name="isBenignUse">
    /// References to the local that neither mutate nor leak it (for cookies: passing it to
    /// another <c>Append</c>). Any other use makes the object's history unknown.
    /// </param>
    public ObjectPropertyFlow(INamedTypeSymbol objectType, ImmutableArray<string> propertyNames, Func<ILocalReferenceOperation, bool> isBenignUse)
    {
        _objectType = objectType;
        _propertyNames = propertyNames;
        _isBenignUse = isBenignUse;
    }

    /// <summary>The state of the object that <paramref name="value"/> evaluates to, at that point.</summary>
    public ObjectState Evaluate(IOperation value, CancellationToken cancellationToken)
        => Evaluate(value, depth: 0, nesting: 0, cancellationToken);

    /// <summary>The index of <paramref name="property"/> among the tracked properties, or -1.</summary>
    public int IndexOf(IPropertySymbol property)
        => IsTrackedType(property.ContainingType) ? _propertyNames.IndexOf(property.Name) : -1;

    private ObjectState Evaluate(IOperation value, int depth, int nesting, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (nesting > MaxNesting)
        {
            return ObjectState.Unknown;
        }

        nesting++;
        switch (value.WalkDownImplicitConversionsAndParentheses())
        {
            case IObjectCreationOperation creation when IsTrackedType(creation.Type):
                var initial = creation.Arguments.Length == 1 && IsTrackedType(creation.Arguments[0].Value.Type)
                    ? Evaluate(creation.Arguments[0].Value, depth, nesting, cancellationToken)
                    : ObjectState.Created(_propertyNames.Length);
                return ApplyInitializer(initial, creation.Initializer);

            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Evaluate(conditional.WhenTrue, depth, nesting, cancellationToken).Join(Evaluate(whenFalse, depth, nesting, cancellationToken));

            case ICoalesceOperation coalesce:
                return Evaluate(coalesce.Value, depth, nesting, cancellationToken).Join(Evaluate(coalesce.WhenNull, depth, nesting, cancellationToken));

            case ILocalReferenceOperation local:
                return EvaluateLocal(local, depth, nesting, cancellationToken);

            case IInvocationOperation invocation when depth < MaxHelperDepth:
                return EvaluateReturns(invocation.TargetMethod, invocation.SemanticModel, depth + 1, nesting, cancellationToken);

            case IPropertyReferenceOperation { Property.GetMethod: { } getter } property when depth < MaxHelperDepth && property.Property.SetMethod is null:
                return EvaluateInitializerOrReturns(property.Property, getter, property.SemanticModel, depth + 1, nesting, cancellationToken);

            case IFieldReferenceOperation { Field.IsReadOnly: true } field when depth < MaxHelperDepth:
                return EvaluateInitializer(field.Field, field.SemanticModel, depth + 1, nesting, cancellationToken);

            default:
                return ObjectState.Unknown;
        }
    }

    private bool IsTrackedType(ITypeSymbol? type) => type.InheritsFromOrEquals(_objectType);

    private ObjectState ApplyInitializer(ObjectState state, IObjectOrCollectionInitializerOperation? initializer)
    {
        if (initializer is null)
        {
            return state;
        }

        foreach (var member in initializer.Initializers)
        {
            if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment)
            {
                state = Assign(state, property.Property, assignment.Value);
            }
        }

        return state;
    }

    private ObjectState Assign(ObjectState state, IPropertySymbol property, IOperation value)
    {
        var index = IndexOf(property);
        return index < 0 ? state : state.With(index, ValueOf(value));
    }

    /// <summary>
    /// A constant, a local or read-only field that only ever holds one, or a conditional between
    /// constants: <c>bool secure = true; o.Secure = secure;</c> sets the constant true.
    /// </summary>
    private static PropertyValueSet ValueOf(IOperation value)
    {
        if (!ConstantValues.TryGetValues(value, out var constants) || constants.IsEmpty)
        {
            return PropertyValueSet.NonConstant;
        }

        var result = PropertyValueSet.Constant(constants[0]);
        for (var i = 1; i < constants.Length; i++)
        {
            result = result.Join(PropertyValueSet.Constant(constants[i]));
        }

        return result;
    }

    private ObjectState EvaluateReturns(IMethodSymbol method, SemanticModel? model, int depth, int nesting, CancellationToken cancellationToken)
    {
        if (model is null || method.IsAbstract || method.IsVirtual || method.IsExtern || method.DeclaringSyntaxReferences.Length != 1)
        {
            return ObjectState.Unknown;
        }

        var syntax = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        var body = SemanticModels.ForDeclaration(model, syntax.SyntaxTree)?.GetOperation(syntax, cancellationToken);
        if (body is null)
        {
            return ObjectState.Unknown;
        }

        var result = ObjectState.Unreachable;
        var sawReturn = false;
        foreach (var returned in ReturnedValues(body))
        {
            sawReturn = true;
            result = result.Join(Evaluate(returned, depth, nesting, cancellationToken));
        }

        return sawReturn ? result : ObjectState.Unknown;
    }

    private ObjectState EvaluateInitializerOrReturns(IPropertySymbol property, IMethodSymbol getter, SemanticModel? model, int depth, int nesting, CancellationToken cancellationToken)
    {
        var initialized = EvaluateInitializer(property, model, depth, nesting, cancellationToken);
        return initialized.IsTracked ? initialized : EvaluateReturns(getter, model, depth, nesting, cancellationToken);
    }

    private ObjectState EvaluateInitializer(ISymbol member, SemanticModel? model, int depth, int nesting, CancellationToken cancellationToken)
    {
        if (model is null || member.DeclaringSyntaxReferences.Length != 1)
        {
            return ObjectState.Unknown;
        }

        var syntax = member.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        if (SemanticModels.ForDeclaration(model, syntax.SyntaxTree) is not { } memberModel)
        {
            return ObjectState.Unknown;
        }

        foreach (var child in syntax.ChildNodes())
        {
            if (memberModel.GetOperation(child, cancellationToken) is ISymbolInitializerOperation initializer)
            {
                return Evaluate(initializer.Value, depth, nesting, cancellationToken);
            }
        }

        return ObjectState.Unknown;
    }

    /// <summary>The values returned by a method body, not counting nested lambdas and local functions.</summary>
    private static IEnumerable<IOperation> ReturnedValues(IOperation body)
    {
        var pending = new Stack<IOperation>();
        pending.Push(body);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current is IReturnOperation { ReturnedValue: { } returned })
            {
                yield return returned;
                continue;
            }

            foreach (var child in current.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    pending.Push(child);
                }
            }
        }
    }

    private ObjectState EvaluateLocal(ILocalReferenceOperation use, int depth, int nesting, CancellationToken cancellationToken)
    {
        var body = EnclosingBody(use);
        if (body is null || !IsDeclaredIn(use.Local, body) || Escapes(use, body))
        {
            return ObjectState.Unknown;
        }

        var interpreter = new Interpreter(this, use, depth, nesting, cancellationToken);
        interpreter.Execute(body, ObjectState.Unknown);
        return interpreter.StateAtUse ?? ObjectState.Unknown;
    }

    private static IOperation? EnclosingBody(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Body;
                case ILocalFunctionOperation localFunction:
                    return (IOperation?)localFunction.Body ?? localFunction.IgnoredBody;
            }

            current = parent;
        }

        return current;
    }

    private static bool IsDeclaredIn(ILocalSymbol local, IOperation body)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == body.Syntax.SyntaxTree && body.Syntax.Span.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when some reference could change or leak the object behind the analysis' back.</summary>
    private bool Escapes(ILocalReferenceOperation use, IOperation body)
    {
        foreach (var reference in body.Descendants())
        {
            if (reference is not ILocalReferenceOperation local
                || !SymbolEqualityComparer.Default.Equals(local.Local, use.Local)
                || local.Syntax == use.Syntax)
            {
                continue;
            }

            if (IsInsideNestedFunction(local, body))
            {
                return true;
            }

            var benign = local.Parent switch
            {
                ISimpleAssignmentOperation assignment => ReferenceEquals(assignment.Target, local),
                IPropertyReferenceOperation property => ReferenceEquals(property.Instance, local),
                _ => _isBenignUse(local),
            };

            if (!benign)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInsideNestedFunction(IOperation operation, IOperation body)
    {
        for (var current = operation.Parent; current is not null && !ReferenceEquals(current, body); current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Executes the statements of one body abstractly, for one local, and records the joined state
    /// whenever control reaches the statement holding the use.
    /// </summary>
    private sealed class Interpreter
    {
        private readonly ObjectPropertyFlow _flow;
        private readonly ILocalReferenceOperation _use;
        private readonly int _depth;
        private readonly int _nesting;
        private readonly CancellationToken _cancellationToken;
        private readonly Stack<ObjectState> _breakStates = new();

        public Interpreter(ObjectPropertyFlow flow, ILocalReferenceOperation use, int depth, int nesting, CancellationToken cancellationToken)
        {
            _flow = flow;
            _use = use;
            _depth = depth;
            _nesting = nesting;
            _cancellationToken = cancellationToken;
        }

        public ObjectState? StateAtUse { get; private set; }

        private ILocalSymbol Local => _use.Local;

        public ObjectState Execute(IOperation operation, ObjectState state)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (state.IsUnreachable)
            {
                return state;
            }

            switch (operation)
            {
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        state = Execute(statement, state);
                    }

                    return state;

                case IMethodBodyBaseOperation methodBody when (methodBody.BlockBody ?? methodBody.ExpressionBody) is { } bodyBlock:
                    return Execute(bodyBlock, state);

                case IVariableDeclarationGroupOperation group:
                    RecordIfContainsUse(operation, state);
                    foreach (var declaration in group.Declarations)
                    {
                        foreach (var declarator in declaration.Declarators)
                        {
                            if (SymbolEqualityComparer.Default.Equals(declarator.Symbol, Local))
                            {
                                var initializer = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
                                state = initializer is null ? ObjectState.Unknown : _flow.Evaluate(initializer, _depth, _nesting, _cancellationToken);
                            }
                        }
                    }

                    return state;

                case IExpressionStatementOperation expression:
                    RecordIfContainsUse(operation, state);
                    return Apply(expression.Operation, state);

                case IConditionalOperation conditional:
                    RecordIfContainsUse(conditional.Condition, state);
                    var selects = DevelopmentEnvironment.Classify(conditional.Condition);
                    var whenTrue = selects == EnvironmentCondition.DevelopmentOnly ? ObjectState.Unreachable : Execute(conditional.WhenTrue, state);
                    var whenFalse = selects == EnvironmentCondition.NotDevelopment
                        ? ObjectState.Unreachable
                        : conditional.WhenFalse is null ? state : Execute(conditional.WhenFalse, state);
                    return whenTrue.Join(whenFalse);

                case ILoopOperation loop:
                    _breakStates.Push(ObjectState.Unreachable);
                    var once = Execute(loop.Body, state);
                    var again = Execute(loop.Body, state.Join(once));
                    return state.Join(again).Join(_breakStates.Pop());

                case ISwitchOperation @switch:
                    RecordIfContainsUse(@switch.Value, state);
                    _breakStates.Push(ObjectState.Unreachable);
                    var fallsOut = ObjectState.Unreachable;
                    var hasDefault = false;
                    foreach (var section in @switch.Cases)
                    {
                        hasDefault |= section.Clauses.Any(static clause => clause.CaseKind == CaseKind.Default);
                        var sectionState = state;
                        foreach (var statement in section.Body)
                        {
                            sectionState = Execute(statement, sectionState);
                        }

                        fallsOut = fallsOut.Join(sectionState);
                    }

                    var afterSwitch = fallsOut.Join(_breakStates.Pop());
                    return hasDefault ? afterSwitch : afterSwitch.Join(state);

                case ITryOperation @try:
                    var afterBody = Execute(@try.Body, state);
                    var afterTry = afterBody;
                    foreach (var handler in @try.Catches)
                    {
                        afterTry = afterTry.Join(Execute(handler.Handler, state.Join(afterBody)));
                    }

                    return @try.Finally is null ? afterTry : Execute(@try.Finally, afterTry);

                case IUsingOperation @using:
                    RecordIfContainsUse(@using.Resources, state);
                    return Execute(@using.Body, state);

                case ILockOperation @lock:
                    return Execute(@lock.Body, state);

                case ILabeledOperation { Operation: { } labeled }:
                    return Execute(labeled, state);

                case IReturnOperation:
                    RecordIfContainsUse(operation, state);
                    return ObjectState.Unreachable;

                case IBranchOperation branch:
                    if (branch.BranchKind == BranchKind.Break && _breakStates.Count > 0)
                    {
                        _breakStates.Push(_breakStates.Pop().Join(state));
                    }

                    return ObjectState.Unreachable;

                case ILocalFunctionOperation:
                    return state;

                default:
                    RecordIfContainsUse(operation, state);
                    return state;
            }
        }

        private ObjectState Apply(IOperation expression, ObjectState state)
        {
            switch (expression)
            {
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                    when SymbolEqualityComparer.Default.Equals(target.Local, Local):
                    return _flow.Evaluate(assignment.Value, _depth, _nesting, _cancellationToken);

                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: ILocalReferenceOperation instance } property } assignment
                    when SymbolEqualityComparer.Default.Equals(instance.Local, Local):
                    return _flow.Assign(state, property.Property, assignment.Value);

                case IThrowOperation:
                    return ObjectState.Unreachable;

                default:
                    return state;
            }
        }

        private void RecordIfContainsUse(IOperation? operation, ObjectState state)
        {
            if (operation is not null
                && operation.Syntax.SyntaxTree == _use.Syntax.SyntaxTree
                && operation.Syntax.Span.Contains(_use.Syntax.Span))
            {
                StateAtUse = StateAtUse is null ? state : StateAtUse.Join(state);
            }
        }
    }
}
