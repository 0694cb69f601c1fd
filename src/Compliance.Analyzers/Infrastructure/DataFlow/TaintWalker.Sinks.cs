using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure.Sinks;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure.DataFlow;

/// <summary>
/// Sink collection, during the collecting pass only: a tainted value reaching a sink becomes a
/// hit, and a parameter reaching one becomes part of the method's summary.
/// </summary>
internal sealed partial class TaintWalker
{
    private void CollectSinks(IOperation operation)
    {
        if (!_collecting)
        {
            return;
        }

        _sinkUses.Clear();
        _engine.Sinks.Collect(operation, _sinkUses);
        foreach (var use in _sinkUses.ToArray())
        {
            // Report at the hole or operand that carries the data, so the fix wraps only it.
            foreach (var leaf in LogSinks.Leaves(use.Value))
            {
                foreach (var source in Evaluate(leaf).Sources)
                {
                    if (source.Kind == TaintSourceKind.Parameter)
                    {
                        _results.AddParameterSink(new ParameterSink(source.ParameterOrdinal, use.Kind, use.Name, ImmutableArray.Create(leaf.Syntax.GetLocation()), _currentMethodName));
                    }
                    else if (!_summaryMode)
                    {
                        _results.AddHit(new SinkHit(use.Kind, use.Name, leaf, source, source.Path, through: null));
                    }
                }
            }
        }
    }

    private void ReportThroughCall(ParameterSink parameterSink, IOperation argument, Taint taint)
    {
        if (!_collecting)
        {
            return;
        }

        foreach (var source in taint.Sources)
        {
            if (source.Kind == TaintSourceKind.Parameter)
            {
                _results.AddParameterSink(new ParameterSink(
                    source.ParameterOrdinal,
                    parameterSink.Kind,
                    parameterSink.SinkName,
                    parameterSink.Path.Insert(0, argument.Syntax.GetLocation()),
                    _currentMethodName + " → " + parameterSink.Through));
            }
            else if (!_summaryMode)
            {
                _results.AddHit(new SinkHit(parameterSink.Kind, parameterSink.SinkName, argument, source, source.Path.AddRange(parameterSink.Path), parameterSink.Through));
            }
        }
    }
}
