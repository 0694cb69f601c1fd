using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure.DataFlow;

/// <summary>
/// The screen: the transfer functions run over a body's operation tree instead of its
/// control-flow graph, to find out cheaply whether the analysis could report anything there.
/// </summary>
/// <remarks>
/// <para>
/// Building a control-flow graph costs about as much as the analysis that walks it, and in most
/// bodies that name classified data none of it reaches a sink. The screen answers "could it?"
/// without a graph, and only a "yes" pays for the graph and the precise analysis.
/// </para>
/// <para>
/// The answer must never be "no" where the analysis says "yes". The screen over-approximates:
/// every update only adds (a strong update of the analysis kills taint on one path and must not
/// kill it on another), the tree is walked in source order, which is an execution order when the
/// body has no loop or backward jump, and again until nothing is added when it has one. Calls
/// into the compilation use screen summaries built the same way. What the tree shows differently
/// from the graph is translated here: members set in an object initializer are keyed on the
/// creation (the graph keys them on a capture), <c>a?.B</c> reads <c>B</c> of <c>a</c>, and a
/// <c>foreach</c> variable holds what the collection holds. A lambda is walked where it is
/// created, as the analysis does, with its parameters holding everything the call it is passed
/// to receives (the analysis gives a projection's parameters the source's taint), and its value
/// is what it returns (the analysis makes that a projection's result). A local function is walked
/// at each call with the arguments' taint, as the analysis does.
/// </para>
/// </remarks>
internal sealed partial class TaintWalker
{
    /// <summary>Passes over a body with loops before the screen gives up; taint only grows, and two or three passes settle in practice.</summary>
    private const int MaxScreeningPasses = 8;

    private readonly bool _screening;
    private readonly Stack<object> _initializerTargets = new();
    private readonly Stack<(Taint Taint, object? Root)> _conditionalReceivers = new();
    private bool _screenInconclusive;
    private bool _hasBackEdges;
    private Dictionary<IMethodSymbol, IBlockOperation?>? _localFunctionBodies;

    private TaintWalker(DataFlowEngine engine, int remainingDepth, bool summaryMode, CancellationToken cancellationToken)
        : this(engine, graph: null, remainingDepth, summaryMode, new TaintWalkerResults(), new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken)
    {
        _screening = true;
    }

    /// <summary>
    /// True when the screen could not decide: a loop still adding taint after <see cref="MaxScreeningPasses"/>,
    /// a local function whose body it cannot find, or a call into a method whose own screen could not
    /// decide. The body then needs the analysis.
    /// </summary>
    public bool ScreenInconclusive => _screenInconclusive;

    /// <summary>A walker that screens operation trees; see <see cref="Screen"/>.</summary>
    public static TaintWalker ForScreening(DataFlowEngine engine, int remainingDepth, bool summaryMode, CancellationToken cancellationToken)
        => new(engine, remainingDepth, summaryMode, cancellationToken);

    /// <summary>
    /// Screens <paramref name="body"/>, the operation tree of <paramref name="owner"/>'s body.
    /// Afterwards <see cref="Hits"/> and <see cref="ToSummary"/> hold a superset of what the
    /// analysis of the body's graph finds, unless <see cref="ScreenInconclusive"/>.
    /// </summary>
    public void Screen(IOperation body, IMethodSymbol owner)
    {
        _currentMethodName = owner.ContainingType?.Name + "." + owner.Name;
        _state = new TaintState();
        SeedParameters(_state, owner, initialState: null);
        _collecting = true;
        for (var pass = 1; ; pass++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var growth = _state.Growth;
            _memo.Clear();
            Evaluate(body);
            if (_screenInconclusive || !_hasBackEdges || _state.Growth == growth)
            {
                return;
            }

            if (pass == MaxScreeningPasses)
            {
                _screenInconclusive = true;
                return;
            }
        }
    }

    /// <summary>The transfer function of operations only the tree has (the graph lowers them into branches and captures).</summary>
    private Taint TreeOnly(IOperation operation)
    {
        switch (operation)
        {
            case IAnonymousFunctionOperation lambda:
                return ScreenLambda(lambda);
            case ILocalFunctionOperation:
                // Walked at its calls, with their arguments.
                return Taint.Empty;
            case IConditionalAccessOperation access:
                return ConditionalAccess(access);
            case IConditionalAccessInstanceOperation:
                return _conditionalReceivers.Count == 0 ? Taint.Empty : ConditionalReceiver(_conditionalReceivers.Peek());
            case IForEachLoopOperation loop:
                _hasBackEdges = true;
                return ForEach(loop);
            case ILoopOperation:
            case IBranchOperation { BranchKind: BranchKind.GoTo }:
                _hasBackEdges = true;
                return Children(operation);
            default:
                return Children(operation);
        }
    }

    private Taint ScreenLambda(IAnonymousFunctionOperation lambda)
    {
        var parameters = Taint.Empty;
        if (lambda.Symbol.Parameters.Length > 0 && CallReceiving(lambda) is { } call)
        {
            parameters = Evaluate(call.Instance);
            foreach (var argument in call.Arguments)
            {
                // This lambda and its siblings (HasIndex(p => p.Ssn, p => p.Index)) pass code, not
                // data; walking a sibling from here would walk this one again from there.
                if (!IsLambda(argument.Value))
                {
                    parameters = parameters.Union(Evaluate(argument.Value));
                }
            }
        }

        foreach (var parameter in lambda.Symbol.Parameters)
        {
            _state.Add(parameter, ParameterTaint(parameter).Union(parameters));
        }

        return WalkNested(lambda.Body);
    }

    private static bool IsLambda(IOperation value)
        => value.WalkDownConversionsAndParentheses() is IAnonymousFunctionOperation or IDelegateCreationOperation { Target: IAnonymousFunctionOperation };

    /// <summary>The call a lambda is an argument of (<c>patients.Select(p =&gt; ...)</c>), if any.</summary>
    private static IInvocationOperation? CallReceiving(IAnonymousFunctionOperation lambda)
    {
        var node = lambda.Parent;
        while (node is IDelegateCreationOperation or IConversionOperation or IParenthesizedOperation)
        {
            node = node.Parent;
        }

        return node is IArgumentOperation { Parent: IInvocationOperation call } ? call : null;
    }

    private Taint ScreenLocalFunction(IInvocationOperation invocation, IMethodSymbol method)
    {
        if (LocalFunctionBody(invocation, method) is not { } body)
        {
            _screenInconclusive = true;
            return Taint.Empty;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter)
            {
                _state.Add(parameter.OriginalDefinition, Evaluate(argument.Value));
            }
        }

        foreach (var parameter in method.Parameters)
        {
            _state.Add(parameter, ParameterTaint(parameter));
        }

        // Each call walks the body again with its own arguments; values remembered from an
        // earlier call would hide them.
        _memo.Clear();
        _activeLocalFunctions.Add(method);
        try
        {
            return WalkNested(body);
        }
        finally
        {
            _activeLocalFunctions.Remove(method);
        }
    }

    /// <summary>The body of the local function an invocation calls, from the tree of the body it is declared in.</summary>
    private IBlockOperation? LocalFunctionBody(IInvocationOperation invocation, IMethodSymbol method)
    {
        if (_localFunctionBodies is null)
        {
            IOperation root = invocation;
            while (root.Parent is { } parent)
            {
                root = parent;
            }

            _localFunctionBodies = new Dictionary<IMethodSymbol, IBlockOperation?>(SymbolEqualityComparer.Default);
            foreach (var local in root.Descendants().OfType<ILocalFunctionOperation>())
            {
                _localFunctionBodies[local.Symbol] = local.Body ?? local.IgnoredBody;
            }
        }

        return _localFunctionBodies.TryGetValue(method, out var body) ? body : null;
    }

    /// <summary>Walks a lambda's or local function's body in place; its returns are its value, not the enclosing method's.</summary>
    private Taint WalkNested(IOperation? body)
    {
        var enclosingReturned = _returned;
        _returned = Taint.Empty;
        Evaluate(body);
        var returned = _returned;
        _returned = enclosingReturned;
        return returned;
    }

    private Taint ConditionalAccess(IConditionalAccessOperation access)
    {
        _conditionalReceivers.Push((Evaluate(access.Operation), RootOf(access.Operation)));
        try
        {
            return Evaluate(access.WhenNotNull);
        }
        finally
        {
            _conditionalReceivers.Pop();
        }
    }

    private Taint ConditionalReceiver((Taint Taint, object? Root) receiver)
        => receiver.Root is null ? receiver.Taint : receiver.Taint.Union(_state.ReadWhole(receiver.Root));

    private Taint ForEach(IForEachLoopOperation loop)
    {
        // The graph reads each element through the enumerator's Current; the collection's own
        // taint covers it.
        var elements = Evaluate(loop.Collection);
        switch (loop.LoopControlVariable)
        {
            case IVariableDeclaratorOperation declarator:
                _state.Add(declarator.Symbol, elements.Union(WholeObject(declarator.Symbol.Type)));
                break;
            case { } target:
                Assign(target, elements, loop.Collection, strong: false);
                break;
        }

        foreach (var next in loop.NextVariables)
        {
            Evaluate(next);
        }

        Evaluate(loop.Body);
        return Taint.Empty;
    }

    /// <summary>
    /// The taint an object or collection initializer gives the object it initializes. In the
    /// tree its members are set through an implicit receiver, which the screen keys on
    /// <paramref name="target"/> (the creation), so <c>var dto = new Dto { Name = ssn }</c> copies
    /// <c>Name</c>'s taint to <c>dto.Name</c> as the graph's capture does.
    /// </summary>
    private Taint Initializer(IOperation target, IObjectOrCollectionInitializerOperation? initializer)
    {
        if (!_screening || initializer is null)
        {
            return Evaluate(initializer);
        }

        _initializerTargets.Push(target);
        try
        {
            return Evaluate(initializer).Union(_state.ReadWhole(target));
        }
        finally
        {
            _initializerTargets.Pop();
        }
    }

    private object? TreeRootOf(IOperation? operation) => operation switch
    {
        IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } when _initializerTargets.Count > 0 => _initializerTargets.Peek(),
        IObjectCreationOperation or IWithOperation => operation,
        IConditionalAccessInstanceOperation when _conditionalReceivers.Count > 0 => _conditionalReceivers.Peek().Root,
        _ => null,
    };
}
