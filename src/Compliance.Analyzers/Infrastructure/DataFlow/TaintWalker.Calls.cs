using Compliance.Analyzers.Infrastructure.Sinks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure.DataFlow;

/// <summary>
/// Calls: methods of the compilation through their summaries, library methods through their
/// traits (sanitizers, propagators, projections), and local functions and lambdas analysed in
/// place with the state where they are called or created.
/// </summary>
internal sealed partial class TaintWalker
{
    private Taint Invocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var traits = _engine.TraitsOf(method);
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

        var result = _engine.SourceOf(method);

        if (method.MethodKind == MethodKind.LocalFunction)
        {
            result = result.Union(AnalyzeLocalFunction(invocation));
        }
        else if ((traits & MethodTraits.HasSourceBody) != 0)
        {
            var summary = _engine.GetSummary(method, _remainingDepth, hasTaintedArguments: !arguments.IsEmpty, resultUsed: !IsDiscarded(invocation), _screening, _cancellationToken);
            if (summary == MethodSummary.Inconclusive)
            {
                _screenInconclusive = true;
                return Taint.Empty;
            }

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
            _state.Add(root, arguments);
        }

        // A yes/no answer about the data (IsNullOrEmpty, Contains, Equals) is not the data.
        return IsBooleanLike(invocation.Type) ? Taint.Empty : result.Union(WholeObject(invocation.Type));
    }

    /// <summary>
    /// True for a call written as a statement: <c>Save();</c>, <c>await SaveAsync();</c>,
    /// <c>await SaveAsync().ConfigureAwait(false);</c>. The operation tree and the graph both keep
    /// the statement around the call, so the screen and the analysis agree.
    /// </summary>
    private static bool IsDiscarded(IInvocationOperation invocation)
    {
        IOperation operation = invocation;
        while (operation.Parent is IAwaitOperation
            || operation.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure
                && configure.Instance == operation
                && configure.TargetMethod.ContainingNamespace.IsNamespace("System.Threading.Tasks"))
        {
            operation = operation.Parent;
        }

        return operation.Parent is IExpressionStatementOperation;
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
        if (_activeLocalFunctions.Contains(method))
        {
            return Taint.Empty;
        }

        if (_screening)
        {
            return ScreenLocalFunction(invocation, method);
        }

        var localGraph = Graph.GetLocalFunctionControlFlowGraphInScope(method, _cancellationToken);
        var entry = _state.Clone();
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter)
            {
                entry.Set(parameter.OriginalDefinition, Evaluate(argument.Value));
            }
        }

        _activeLocalFunctions.Add(method);
        try
        {
            var nested = new TaintWalker(_engine, localGraph, _remainingDepth, _summaryMode, _results, _activeLocalFunctions, _cancellationToken);
            nested.Run(entry, method, collect: _collecting);
            return nested._returned;
        }
        finally
        {
            _activeLocalFunctions.Remove(method);
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
                var entry = _state.Clone();
                foreach (var parameter in lambda.Symbol.Parameters)
                {
                    entry.Set(parameter, source);
                }

                var lambdaGraph = Graph.GetAnonymousFunctionControlFlowGraphInScope(lambda, _cancellationToken);
                var nested = new TaintWalker(_engine, lambdaGraph, _remainingDepth, _summaryMode, _results, _activeLocalFunctions, _cancellationToken) { _currentMethodName = _currentMethodName };
                nested.Run(entry, lambda.Symbol, collect: _collecting);
                result = result.Union(nested._returned);
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
        if (!_collecting)
        {
            return;
        }

        var lambdaGraph = Graph.GetAnonymousFunctionControlFlowGraphInScope(lambda, _cancellationToken);
        var nested = new TaintWalker(_engine, lambdaGraph, _remainingDepth, _summaryMode, _results, _activeLocalFunctions, _cancellationToken) { _currentMethodName = _currentMethodName };
        nested.Run(_state, lambda.Symbol, collect: true);
    }
}
