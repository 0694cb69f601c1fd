using Compliance.Analyzers.Infrastructure.Sinks;
using Microsoft.CodeAnalysis.Text;

namespace Compliance.Analyzers.Infrastructure.DataFlow;

/// <summary>What one analysis (and the lambdas and local functions inside it) found.</summary>
internal sealed class TaintWalkerResults
{
    private readonly HashSet<(TextSpan Span, string Source, SinkKind Kind, string Sink)> _seenHits = new();
    private readonly HashSet<(int Ordinal, SinkKind Kind, string Sink, string Through)> _seenParameters = new();

    public List<SinkHit> Hits { get; } = new();

    public List<ParameterSink> ParameterSinks { get; } = new();

    public void AddHit(SinkHit hit)
    {
        if (_seenHits.Add((hit.Value.Syntax.Span, hit.Source.Description, hit.Kind, hit.SinkName)))
        {
            Hits.Add(hit);
        }
    }

    public void AddParameterSink(ParameterSink sink)
    {
        if (_seenParameters.Add((sink.Ordinal, sink.Kind, sink.SinkName, sink.Through)))
        {
            ParameterSinks.Add(sink);
        }
    }
}
