using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure.Sinks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Compliance.Analyzers.Infrastructure.DataFlow;

/// <summary>
/// Flow-sensitive taint analysis of one control-flow graph: a forward fixed point over the basic
/// blocks (states joined at merge points, clean assignments kill taint), then one collecting pass
/// that records every tainted value reaching a sink. Lambdas and local functions are analysed
/// with the state where they are created or called; calls into the compilation use summaries.
/// </summary>
internal sealed class TaintWalker
{
    private readonly DataFlowEngine engine;
    private readonly ControlFlowGraph graph;
    private readonly int remainingDepth;
    private readonly bool summaryMode;
    private readonly CancellationToken cancellationToken;
    private readonly Results results;
    private readonly HashSet<IMethodSymbol> activeLocalFunctions;
    private readonly Dictionary<IOperation, Taint> memo = new();
    private readonly List<SinkUse> sinkUses = new();
    private TaintState state = new();
    private bool collecting;
    private Taint returned;
    private string currentMethodName = string.Empty;

    public TaintWalker(DataFlowEngine engine, ControlFlowGraph graph, int remainingDepth, bool summaryMode, CancellationToken cancellationToken)
        : this(engine, graph, remainingDepth, summaryMode, new Results(), new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken)
    {
    }

    private TaintWalker(DataFlowEngine engine, ControlFlowGraph graph, int remainingDepth, bool summaryMode, Results results, HashSet<IMethodSymbol> activeLocalFunctions, CancellationToken cancellationToken)
    {
        this.engine = engine;
        this.graph = graph;
        this.remainingDepth = remainingDepth;
        this.summaryMode = summaryMode;
        this.results = results;
        this.activeLocalFunctions = activeLocalFunctions;
        this.cancellationToken = cancellationToken;
    }

    public ImmutableArray<SinkHit> Hits => results.Hits.ToImmutableArray();

    /// <summary>
    /// Runs the analysis. Parameters of <paramref name="owner"/> start with their own
    /// classification; in summary mode, the outermost run also marks them so the summary can tell
    /// which parameters reach sinks and the return value.
    /// </summary>
    public void Run(TaintState? initialState, IMethodSymbol? owner, bool collect = true)
    {
        if (owner is { MethodKind: not MethodKind.AnonymousFunction })
        {
            // Lambdas keep the name of the method they are written in, which is what paths show.
            currentMethodName = owner.ContainingType?.Name + "." + owner.Name;
        }
        var entry = initialState?.Clone() ?? new TaintState();
        if (owner is not null)
        {
            foreach (var parameter in owner.Parameters)
            {
                var taint = ParameterTaint(parameter);
                if (summaryMode && initialState is null)
                {
                    taint = taint.Add(TaintSource.ForParameter(parameter.Ordinal));
                }

                if (initialState is null || initialState.Get(parameter).IsEmpty)
                {
                    entry.Add(parameter, taint);
                }
            }
        }

        var blocks = graph.Blocks;
        var entryStates = new TaintState?[blocks.Length];
        entryStates[0] = entry;
        if (collect && IsForwardOnly(blocks))
        {
            RunForwardOnly(blocks, entryStates);
            return;
        }

        var globalJoin = new TaintState();
        var worklist = new Queue<int>();
        var queued = new bool[blocks.Length];
        worklist.Enqueue(0);
        queued[0] = true;

        // Bound on block visits: taint sets are bounded and only grow, so this is never reached in
        // practice; it guards against pathological graphs.
        var budget = blocks.Length * 20 + 100;
        while (true)
        {
            while (worklist.Count > 0 && budget-- > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var ordinal = worklist.Dequeue();
                queued[ordinal] = false;
                var block = blocks[ordinal];
                state = entryStates[ordinal]!.Clone();
                ProcessBlock(block);
                globalJoin.JoinWith(state);
                Propagate(block.FallThroughSuccessor, entryStates, worklist, queued);
                Propagate(block.ConditionalSuccessor, entryStates, worklist, queued);
            }

            // Catch, filter and finally blocks have no branch predecessors: they start from
            // everything the body could have held.
            var added = false;
            for (var i = 1; i < blocks.Length; i++)
            {
                if (entryStates[i] is null && blocks[i].Predecessors.IsEmpty && blocks[i].Kind == BasicBlockKind.Block)
                {
                    entryStates[i] = globalJoin.Clone();
                    worklist.Enqueue(i);
                    queued[i] = true;
                    added = true;
                }
            }

            if (!added || budget <= 0)
            {
                break;
            }
        }

        if (!collect)
        {
            return;
        }

        collecting = true;
        for (var i = 0; i < blocks.Length; i++)
        {
            if (entryStates[i] is { } blockEntry)
            {
                state = blockEntry.Clone();
                ProcessBlock(blocks[i]);
            }
        }

        collecting = false;
    }

    /// <summary>
    /// True when every branch goes to a later block and every block but the entry is reached by
    /// one: no loops, no catch or finally regions (they start from the join of the whole body).
    /// Most method bodies look like this.
    /// </summary>
    private static bool IsForwardOnly(ImmutableArray<BasicBlock> blocks)
    {
        for (var i = 0; i < blocks.Length; i++)
        {
            var block = blocks[i];
            if (i > 0 && block.Predecessors.IsEmpty)
            {
                return false;
            }

            if (block.FallThroughSuccessor?.Destination is { } next && next.Ordinal <= i
                || block.ConditionalSuccessor?.Destination is { } branch && branch.Ordinal <= i)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The analysis of a graph without back edges: in block order every predecessor has been
    /// processed before its successor, so each block's entry state is final when it is reached and
    /// one collecting pass gives what the fixed point followed by a collecting pass would.
    /// </summary>
    private void RunForwardOnly(ImmutableArray<BasicBlock> blocks, TaintState?[] entryStates)
    {
        collecting = true;
        for (var i = 0; i < blocks.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entryStates[i] is not { } blockEntry)
            {
                continue;
            }

            // Nothing reads a block's entry state after the block, so it is the working state.
            state = blockEntry;
            entryStates[i] = null;
            ProcessBlock(blocks[i]);
            JoinInto(blocks[i].FallThroughSuccessor, entryStates);
            JoinInto(blocks[i].ConditionalSuccessor, entryStates);
        }

        collecting = false;
    }

    /// <summary>Joins the current state into the entry state of the branch's destination; its ordinal when that state changed, else -1.</summary>
    private int JoinInto(ControlFlowBranch? branch, TaintState?[] entryStates)
    {
        if (branch?.Destination is not { } destination)
        {
            return -1;
        }

        var ordinal = destination.Ordinal;
        if (entryStates[ordinal] is { } existing)
        {
            return existing.JoinWith(state) ? ordinal : -1;
        }

        entryStates[ordinal] = state.Clone();
        return ordinal;
    }

    public MethodSummary ToSummary()
    {
        var toReturn = ImmutableHashSet.CreateBuilder<int>();
        foreach (var source in returned.Sources)
        {
            if (source.Kind == TaintSourceKind.Parameter)
            {
                toReturn.Add(source.ParameterOrdinal);
            }
        }

        return new MethodSummary(results.ParameterSinks.ToImmutableArray(), toReturn.ToImmutable(), returned.WithoutParameters());
    }

    private void Propagate(ControlFlowBranch? branch, TaintState?[] entryStates, Queue<int> worklist, bool[] queued)
    {
        var ordinal = JoinInto(branch, entryStates);
        if (ordinal >= 0 && !queued[ordinal])
        {
            worklist.Enqueue(ordinal);
            queued[ordinal] = true;
        }
    }

    private void ProcessBlock(BasicBlock block)
    {
        memo.Clear();
        foreach (var operation in block.Operations)
        {
            Evaluate(operation);
        }

        if (block.BranchValue is { } branchValue)
        {
            var taint = Evaluate(branchValue);
            if (block.ConditionKind == ControlFlowConditionKind.None && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return)
            {
                returned = returned.Union(taint);
            }
        }
    }

    private Taint Evaluate(IOperation? operation)
    {
        if (operation is null)
        {
            return Taint.Empty;
        }

        if (memo.TryGetValue(operation, out var known))
        {
            return known;
        }

        var taint = Compute(operation);
        memo[operation] = taint;
        return taint;
    }

    private Taint Compute(IOperation operation)
    {
        switch (operation)
        {
            case ILiteralOperation or IDefaultValueOperation or ITypeOfOperation or ISizeOfOperation or INameOfOperation or IInstanceReferenceOperation or ICaughtExceptionOperation:
                return Taint.Empty;

            case IFlowCaptureOperation capture:
                state.Replace(capture.Id, Evaluate(capture.Value), RootOf(capture.Value));
                return Taint.Empty;

            case IFlowCaptureReferenceOperation captureReference:
                return state.ReadWhole(captureReference.Id);

            case IIsNullOperation isNull:
                Evaluate(isNull.Operand);
                return Taint.Empty;

            case ILocalReferenceOperation local:
                return state.ReadWhole(local.Local);

            case IParameterReferenceOperation parameter:
                return state.ReadWhole(parameter.Parameter);

            case IFieldReferenceOperation field:
                return MemberRead(field, field.Field, field.Instance, isIndexer: false);

            case IPropertyReferenceOperation property:
                foreach (var argument in property.Arguments)
                {
                    Evaluate(argument.Value);
                }

                return MemberRead(property, property.Property, property.Instance, property.Property.IsIndexer);

            case IArrayElementReferenceOperation element:
                foreach (var index in element.Indices)
                {
                    Evaluate(index);
                }

                return Evaluate(element.ArrayReference);

            case ISimpleAssignmentOperation assignment:
            {
                var value = Evaluate(assignment.Value);
                Assign(assignment.Target, value, assignment.Value, strong: true);
                CollectSinks(assignment);
                return value;
            }

            case ICompoundAssignmentOperation compound:
            {
                var value = Evaluate(compound.Value).Union(Evaluate(compound.Target));
                Assign(compound.Target, value, compound.Value, strong: false);
                CollectSinks(compound);
                return value;
            }

            case ICoalesceAssignmentOperation coalesceAssignment:
            {
                var value = Evaluate(coalesceAssignment.Value).Union(Evaluate(coalesceAssignment.Target));
                Assign(coalesceAssignment.Target, value, coalesceAssignment.Value, strong: false);
                return value;
            }

            case IDeconstructionAssignmentOperation deconstruction:
            {
                var value = Evaluate(deconstruction.Value);
                var target = deconstruction.Target is IDeclarationExpressionOperation declaration ? declaration.Expression : deconstruction.Target;
                if (target is ITupleOperation targets)
                {
                    AssignTuple(targets, deconstruction.Value, value);
                }

                return value;
            }

            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        if (declarator.GetVariableInitializer() is { } initializer)
                        {
                            state.Replace(declarator.Symbol, Evaluate(initializer.Value), RootOf(initializer.Value));
                        }
                    }
                }

                return Taint.Empty;

            case IInvocationOperation invocation:
                return Invocation(invocation);

            case IObjectCreationOperation creation:
            {
                var taint = Taint.Empty;
                foreach (var argument in creation.Arguments)
                {
                    taint = taint.Union(Evaluate(argument.Value));
                }

                taint = taint.Union(Evaluate(creation.Initializer));
                CollectSinks(creation);
                return taint.Union(WholeObject(creation.Type));
            }

            case IObjectOrCollectionInitializerOperation initializer:
            {
                var taint = Taint.Empty;
                foreach (var item in initializer.Initializers)
                {
                    taint = taint.Union(Evaluate(item));
                }

                return taint;
            }

            case IMemberInitializerOperation memberInitializer:
                return Evaluate(memberInitializer.Initializer);

            case IAnonymousObjectCreationOperation anonymous:
            {
                var taint = Taint.Empty;
                foreach (var item in anonymous.Initializers)
                {
                    taint = taint.Union(item is IAssignmentOperation member ? Evaluate(member.Value) : Evaluate(item));
                }

                return taint;
            }

            case ITupleOperation tuple:
                return UnionOf(tuple.Elements);

            case IArrayCreationOperation array:
                foreach (var size in array.DimensionSizes)
                {
                    Evaluate(size);
                }

                return Evaluate(array.Initializer);

            case IArrayInitializerOperation arrayInitializer:
                return UnionOf(arrayInitializer.ElementValues);

            case ICollectionExpressionOperation collection:
                return UnionOf(collection.Elements);

            case ISpreadOperation spread:
                return Evaluate(spread.Operand);

            case IInterpolatedStringHandlerCreationOperation handlerCreation:
                Evaluate(handlerCreation.HandlerCreation);
                return Evaluate(handlerCreation.Content);

            case IInterpolatedStringOperation interpolated:
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

            case IBinaryOperation binary:
            {
                var taint = Evaluate(binary.LeftOperand).Union(Evaluate(binary.RightOperand));
                return IsBooleanLike(binary.Type) ? Taint.Empty : taint;
            }

            case IUnaryOperation unary:
            {
                var taint = Evaluate(unary.Operand);
                return IsBooleanLike(unary.Type) ? Taint.Empty : taint;
            }

            case IConversionOperation conversion:
                return Evaluate(conversion.Operand);

            case IParenthesizedOperation parenthesized:
                return Evaluate(parenthesized.Operand);

            case IAwaitOperation awaited:
                return Evaluate(awaited.Operation);

            case IConditionalOperation conditional:
                Evaluate(conditional.Condition);
                return Evaluate(conditional.WhenTrue).Union(Evaluate(conditional.WhenFalse));

            case ICoalesceOperation coalesce:
                return Evaluate(coalesce.Value).Union(Evaluate(coalesce.WhenNull));

            case ISwitchExpressionOperation switchExpression:
            {
                Evaluate(switchExpression.Value);
                var taint = Taint.Empty;
                foreach (var arm in switchExpression.Arms)
                {
                    taint = taint.Union(Evaluate(arm.Value));
                }

                return taint;
            }

            case IWithOperation with:
                return Evaluate(with.Operand).Union(Evaluate(with.Initializer));

            case IArgumentOperation argument:
                return Evaluate(argument.Value);

            case IReturnOperation @return:
            {
                var taint = Evaluate(@return.ReturnedValue);
                returned = returned.Union(taint);
                return taint;
            }

            case IFlowAnonymousFunctionOperation lambda:
                AnalyzeLambda(lambda);
                return Taint.Empty;

            case IDelegateCreationOperation delegateCreation:
                Evaluate(delegateCreation.Target);
                return Taint.Empty;

            case IExpressionStatementOperation statement:
                Evaluate(statement.Operation);
                return Taint.Empty;

            default:
                foreach (var child in operation.ChildOperations)
                {
                    Evaluate(child);
                }

                return Taint.Empty;
        }
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
        var taint = engine.SourceOf(member);

        if (RootOf(instance) is { } root)
        {
            taint = taint.Union(state.Get(new TaintState.MemberKey(root, member)));
        }
        else if (instance is IInstanceReferenceOperation)
        {
            taint = taint.Union(state.Get(new TaintState.MemberKey(TaintState.ThisRoot, member)));
        }

        if (isIndexer || (instance?.Type is { } instanceType && engine.IsContainer(instanceType) && !IsShapeOnly(member)))
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
                    state.Add(indexedRoot, value);
                }

                break;
            case IArrayElementReferenceOperation element:
                if (RootOf(element.ArrayReference) is { } arrayRoot)
                {
                    state.Add(arrayRoot, value);
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
            state.Replace(root, value, RootOf(valueOperation));
        }
        else
        {
            state.Add(root, value);
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
        if (strong)
        {
            state.Set(key, value);
        }
        else
        {
            state.Add(key, value);
        }
    }

    private Taint Invocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var traits = engine.TraitsOf(method);
        var receiver = Evaluate(invocation.Instance);
        var arguments = Taint.Empty;
        foreach (var argument in invocation.Arguments)
        {
            arguments = arguments.Union(Evaluate(argument.Value));
        }

        CollectSinks(invocation);

        if ((traits & MethodTraits.Sanitizer) != 0)
        {
            return Taint.Empty;
        }

        var result = engine.SourceOf(method);

        if (method.MethodKind == MethodKind.LocalFunction)
        {
            result = result.Union(AnalyzeLocalFunction(invocation));
        }
        else if ((traits & MethodTraits.HasSourceBody) != 0)
        {
            var summary = engine.GetSummary(method, remainingDepth, hasTaintedArguments: !arguments.IsEmpty, cancellationToken);
            result = result.Union(summary.ReturnedSources);
            foreach (var ordinal in summary.ParametersToReturn)
            {
                result = result.Union(ArgumentTaint(invocation, ordinal));
            }

            foreach (var parameterSink in summary.ParameterSinks)
            {
                if (ArgumentFor(invocation, parameterSink.Ordinal) is { } argument)
                {
                    foreach (var leaf in LogSinks.Leaves(argument.Value))
                    {
                        ReportThroughCall(parameterSink, leaf, Evaluate(leaf));
                    }
                }
            }
        }
        else if ((traits & MethodTraits.Propagates) != 0)
        {
            result = LibraryModel.IsProjection(method)
                ? result.Union(ProjectionTaint(invocation))
                : result.Union(receiver).Union(arguments);

            // Count(), Sum(), IndexOf(): a number computed over objects is not the objects.
            if (IsNumber(invocation.Type))
            {
                result = result.WithoutWholeObjects();
            }
        }

        if ((traits & MethodTraits.MutatesReceiver) != 0 && RootOf(invocation.Instance) is { } root)
        {
            state.Add(root, arguments);
        }

        // A yes/no answer about the data (IsNullOrEmpty, Contains, Equals) is not the data.
        return IsBooleanLike(invocation.Type) ? Taint.Empty : result.Union(WholeObject(invocation.Type));
    }

    private static IArgumentOperation? ArgumentFor(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument;
            }
        }

        return null;
    }

    private Taint ArgumentTaint(IInvocationOperation invocation, int ordinal)
        => ArgumentFor(invocation, ordinal) is { } argument ? Evaluate(argument.Value) : Taint.Empty;

    private Taint AnalyzeLocalFunction(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod.OriginalDefinition;
        if (activeLocalFunctions.Contains(method))
        {
            return Taint.Empty;
        }

        var localGraph = graph.GetLocalFunctionControlFlowGraphInScope(method, cancellationToken);
        var entry = state.Clone();
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter)
            {
                entry.Set(parameter.OriginalDefinition, Evaluate(argument.Value));
            }
        }

        activeLocalFunctions.Add(method);
        try
        {
            var nested = new TaintWalker(engine, localGraph, remainingDepth, summaryMode, results, activeLocalFunctions, cancellationToken);
            nested.Run(entry, method, collect: collecting);
            return nested.returned;
        }
        finally
        {
            activeLocalFunctions.Remove(method);
        }
    }

    /// <summary>
    /// <c>Select</c>, <c>ToDictionary</c>, <c>GroupBy</c>, ...: the result is what the selector
    /// lambdas return for elements of the source, so each lambda is analysed with its parameters
    /// holding the source's taint. <c>patients.Select(p =&gt; p.Id)</c> is clean.
    /// </summary>
    private Taint ProjectionTaint(IInvocationOperation invocation)
    {
        var source = invocation.Arguments.Length > 0 ? Evaluate(invocation.Arguments[0].Value) : Taint.Empty;
        var result = Taint.Empty;
        for (var i = 1; i < invocation.Arguments.Length; i++)
        {
            var value = invocation.Arguments[i].Value.WalkDownConversionsAndParentheses();
            if (value is IDelegateCreationOperation { Target: IFlowAnonymousFunctionOperation lambda })
            {
                var entry = state.Clone();
                foreach (var parameter in lambda.Symbol.Parameters)
                {
                    entry.Set(parameter, source);
                }

                var lambdaGraph = graph.GetAnonymousFunctionControlFlowGraphInScope(lambda, cancellationToken);
                var nested = new TaintWalker(engine, lambdaGraph, remainingDepth, summaryMode, results, activeLocalFunctions, cancellationToken) { currentMethodName = currentMethodName };
                nested.Run(entry, lambda.Symbol, collect: collecting);
                result = result.Union(nested.returned);
            }
            else
            {
                // A sequence argument (Zip, Join) or a method group: its values may be in the result.
                result = result.Union(Evaluate(invocation.Arguments[i].Value));
            }
        }

        return result;
    }

    private static bool IsNumber(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type?.SpecialType is >= SpecialType.System_SByte and <= SpecialType.System_Double;
    }

    private void AnalyzeLambda(IFlowAnonymousFunctionOperation lambda)
    {
        if (!collecting)
        {
            return;
        }

        var lambdaGraph = graph.GetAnonymousFunctionControlFlowGraphInScope(lambda, cancellationToken);
        var nested = new TaintWalker(engine, lambdaGraph, remainingDepth, summaryMode, results, activeLocalFunctions, cancellationToken) { currentMethodName = currentMethodName };
        nested.Run(state, lambda.Symbol, collect: true);
    }

    private void CollectSinks(IOperation operation)
    {
        if (!collecting)
        {
            return;
        }

        sinkUses.Clear();
        engine.Sinks.Collect(operation, sinkUses);
        foreach (var use in sinkUses.ToArray())
        {
            // Report at the hole or operand that carries the data, so the fix wraps only it.
            foreach (var leaf in LogSinks.Leaves(use.Value))
            {
                foreach (var source in Evaluate(leaf).Sources)
                {
                    if (source.Kind == TaintSourceKind.Parameter)
                    {
                        results.AddParameterSink(new ParameterSink(source.ParameterOrdinal, use.Kind, use.Name, ImmutableArray.Create(leaf.Syntax.GetLocation()), currentMethodName));
                    }
                    else if (!summaryMode)
                    {
                        results.AddHit(new SinkHit(use.Kind, use.Name, leaf, source, source.Path, through: null));
                    }
                }
            }
        }
    }

    private void ReportThroughCall(ParameterSink parameterSink, IOperation argument, Taint taint)
    {
        if (!collecting)
        {
            return;
        }

        foreach (var source in taint.Sources)
        {
            if (source.Kind == TaintSourceKind.Parameter)
            {
                results.AddParameterSink(new ParameterSink(
                    source.ParameterOrdinal,
                    parameterSink.Kind,
                    parameterSink.SinkName,
                    parameterSink.Path.Insert(0, argument.Syntax.GetLocation()),
                    currentMethodName + " → " + parameterSink.Through));
            }
            else if (!summaryMode)
            {
                results.AddHit(new SinkHit(parameterSink.Kind, parameterSink.SinkName, argument, source, source.Path.AddRange(parameterSink.Path), parameterSink.Through));
            }
        }
    }

    private Taint ParameterTaint(IParameterSymbol parameter)
    {
        return engine.SourceOf(parameter).Union(WholeObject(parameter.Type));
    }

    private Taint WholeObject(ITypeSymbol? type) => type is null ? Taint.Empty : engine.WholeObjectOf(type);

    private static object? RootOf(IOperation? operation)
    {
        operation = operation?.WalkDownConversionsAndParentheses();
        return operation switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFlowCaptureReferenceOperation capture => capture.Id,
            _ => null,
        };
    }

    /// <summary>Members that describe a container's shape (<c>Count</c>, <c>Length</c>, <c>HasValue</c>), not its contents.</summary>
    private static bool IsShapeOnly(ISymbol member)
        => member.Name is "Count" or "Length" or "LongLength" or "LongCount" or "Capacity" or "Rank" or "IsEmpty" or "HasValue" or "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" or "Status"
        || (member is IPropertySymbol { Type.SpecialType: SpecialType.System_Boolean } or IFieldSymbol { Type.SpecialType: SpecialType.System_Boolean });

    private static bool IsBooleanLike(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_Boolean;

    /// <summary>What one analysis (and the lambdas and local functions inside it) found.</summary>
    private sealed class Results
    {
        private readonly HashSet<(TextSpan Span, string Source, SinkKind Kind, string Sink)> seenHits = new();
        private readonly HashSet<(int Ordinal, SinkKind Kind, string Sink, string Through)> seenParameters = new();

        public List<SinkHit> Hits { get; } = new();

        public List<ParameterSink> ParameterSinks { get; } = new();

        public void AddHit(SinkHit hit)
        {
            if (seenHits.Add((hit.Value.Syntax.Span, hit.Source.Description, hit.Kind, hit.SinkName)))
            {
                Hits.Add(hit);
            }
        }

        public void AddParameterSink(ParameterSink sink)
        {
            if (seenParameters.Add((sink.Ordinal, sink.Kind, sink.SinkName, sink.Through)))
            {
                ParameterSinks.Add(sink);
            }
        }
    }
}
