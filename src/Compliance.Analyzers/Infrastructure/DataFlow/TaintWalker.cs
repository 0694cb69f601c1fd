using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure.Sinks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Compliance.Analyzers.Infrastructure.DataFlow;

/// <summary>
/// Flow-sensitive taint analysis of one control-flow graph: a forward fixed point over the basic
/// blocks (states joined at merge points, clean assignments kill taint), then one collecting pass
/// that records every tainted value reaching a sink. Lambdas and local functions are analysed
/// with the state where they are created or called; calls into the compilation use summaries.
/// </summary>
/// <remarks>
/// One class in five files, by role: this one drives the analysis (the fixed point over the
/// blocks, the memo of evaluated operations, the summary); <c>TaintWalker.Transfer.cs</c> holds
/// the transfer function of each kind of operation and the state updates of assignments;
/// <c>TaintWalker.Calls.cs</c> follows calls (summaries, library propagation, lambdas and local
/// functions); <c>TaintWalker.Sinks.cs</c> records what reaches a sink;
/// <c>TaintWalker.Screening.cs</c> runs the same transfer functions over the operation tree,
/// without a graph, to rule out bodies that cannot report anything.
/// </remarks>
internal sealed partial class TaintWalker
{
    private readonly DataFlowEngine _engine;
    private readonly ControlFlowGraph? _graph;
    private readonly int _remainingDepth;
    private readonly bool _summaryMode;
    private readonly CancellationToken _cancellationToken;
    private readonly TaintWalkerResults _results;
    private readonly HashSet<IMethodSymbol> _activeLocalFunctions;
    private readonly Dictionary<IOperation, Taint> _memo = new();
    private readonly List<SinkUse> _sinkUses = new();
    private TaintState _state = new();
    private bool _collecting;
    private Taint _returned;
    private string _currentMethodName = string.Empty;

    public TaintWalker(DataFlowEngine engine, ControlFlowGraph graph, int remainingDepth, bool summaryMode, CancellationToken cancellationToken)
        : this(engine, graph, remainingDepth, summaryMode, new TaintWalkerResults(), new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken)
    {
    }

    private TaintWalker(DataFlowEngine engine, ControlFlowGraph? graph, int remainingDepth, bool summaryMode, TaintWalkerResults results, HashSet<IMethodSymbol> activeLocalFunctions, CancellationToken cancellationToken)
    {
        _engine = engine;
        _graph = graph;
        _remainingDepth = remainingDepth;
        _summaryMode = summaryMode;
        _results = results;
        _activeLocalFunctions = activeLocalFunctions;
        _cancellationToken = cancellationToken;
    }

    public ImmutableArray<SinkHit> Hits => _results.Hits.ToImmutableArray();

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
            _currentMethodName = owner.ContainingType?.Name + "." + owner.Name;
        }
        var entry = initialState?.Clone() ?? new TaintState();
        SeedParameters(entry, owner, initialState);
        var blocks = Graph.Blocks;
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
                _cancellationToken.ThrowIfCancellationRequested();
                var ordinal = worklist.Dequeue();
                queued[ordinal] = false;
                var block = blocks[ordinal];
                _state = entryStates[ordinal]!.Clone();
                ProcessBlock(block);
                globalJoin.JoinWith(_state);
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

        _collecting = true;
        for (var i = 0; i < blocks.Length; i++)
        {
            if (entryStates[i] is { } blockEntry)
            {
                _state = blockEntry.Clone();
                ProcessBlock(blocks[i]);
            }
        }

        _collecting = false;
    }

    /// <summary>The graph being analysed; the screen has none, and stops before anything asks for one.</summary>
    private ControlFlowGraph Graph => _graph ?? throw new InvalidOperationException("The screen analyses operation trees, not graphs.");

    private void SeedParameters(TaintState entry, IMethodSymbol? owner, TaintState? initialState)
    {
        if (owner is null)
        {
            return;
        }

        foreach (var parameter in owner.Parameters)
        {
            var taint = ParameterTaint(parameter);
            if (_summaryMode && initialState is null)
            {
                taint = taint.Add(TaintSource.ForParameter(parameter.Ordinal));
            }

            if (initialState is null || initialState.Get(parameter).IsEmpty)
            {
                entry.Add(parameter, taint);
            }
        }
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
        _collecting = true;
        for (var i = 0; i < blocks.Length; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (entryStates[i] is not { } blockEntry)
            {
                continue;
            }

            // Nothing reads a block's entry state after the block, so it is the working state.
            _state = blockEntry;
            entryStates[i] = null;
            ProcessBlock(blocks[i]);
            JoinInto(blocks[i].FallThroughSuccessor, entryStates);
            JoinInto(blocks[i].ConditionalSuccessor, entryStates);
        }

        _collecting = false;
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
            return existing.JoinWith(_state) ? ordinal : -1;
        }

        entryStates[ordinal] = _state.Clone();
        return ordinal;
    }

    public MethodSummary ToSummary()
    {
        var toReturn = ImmutableHashSet.CreateBuilder<int>();
        foreach (var source in _returned.Sources)
        {
            if (source.Kind == TaintSourceKind.Parameter)
            {
                toReturn.Add(source.ParameterOrdinal);
            }
        }

        return new MethodSummary(_results.ParameterSinks.ToImmutableArray(), toReturn.ToImmutable(), _returned.WithoutParameters());
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
        _memo.Clear();
        foreach (var operation in block.Operations)
        {
            Evaluate(operation);
        }

        if (block.BranchValue is { } branchValue)
        {
            var taint = Evaluate(branchValue);
            if (block.ConditionKind == ControlFlowConditionKind.None && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return)
            {
                _returned = _returned.Union(taint);
            }
        }
    }

    private Taint Evaluate(IOperation? operation)
    {
        if (operation is null || _screenInconclusive)
        {
            return Taint.Empty;
        }

        if (_memo.TryGetValue(operation, out var known))
        {
            return known;
        }

        var taint = Compute(operation);
        _memo[operation] = taint;
        return taint;
    }
}
