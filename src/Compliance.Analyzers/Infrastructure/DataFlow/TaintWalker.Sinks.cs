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
}
