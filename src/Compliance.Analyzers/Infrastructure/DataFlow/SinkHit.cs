using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure.DataFlow;

/// <summary>Classified data reaching a sink, found in one method body.</summary>
public sealed class SinkHit
{
    public SinkHit(SinkKind kind, string sinkName, IOperation value, TaintSource source, ImmutableArray<Location> path, string? through)
    {
        Kind = kind;
        SinkName = sinkName;
        Value = value;
        Source = source;
        Path = path;
        Through = through;
    }

    public SinkKind Kind { get; }

    /// <summary>The sink as messages name it: <c>ILogger.LogInformation</c>.</summary>
    public string SinkName { get; }

    /// <summary>
    /// The reported value, in the analysed body: the argument of the sink, or, when the sink is
    /// inside a called method, the argument of that call (the wrapper's call site).
    /// </summary>
    public IOperation Value { get; }

    public TaintSource Source { get; }

    /// <summary>Where the data went after the reported value, inside called methods, ending at the sink; plus where a returned source was read.</summary>
    public ImmutableArray<Location> Path { get; }

    /// <summary>The called methods the data passed through to reach the sink (<c>AuditLog.Write → AuditLog.WriteCore</c>), or null.</summary>
    public string? Through { get; }

    public Location Location => Value.Syntax.GetLocation();
}
