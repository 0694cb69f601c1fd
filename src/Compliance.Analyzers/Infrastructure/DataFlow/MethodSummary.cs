using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure.DataFlow;

/// <summary>A parameter of a summarised method that reaches a sink inside it.</summary>
public sealed class ParameterSink
{
    public ParameterSink(int ordinal, SinkKind kind, string sinkName, ImmutableArray<Location> path, string through)
    {
        Ordinal = ordinal;
        Kind = kind;
        SinkName = sinkName;
        Path = path;
        Through = through;
    }

    public int Ordinal { get; }

    public SinkKind Kind { get; }

    public string SinkName { get; }

    /// <summary>The locations inside the method (and its callees) from the parameter's use to the sink.</summary>
    public ImmutableArray<Location> Path { get; }

    /// <summary>The chain of methods, starting with the summarised one (<c>AuditLog.Write → AuditLog.WriteCore</c>).</summary>
    public string Through { get; }
}

/// <summary>
/// What a method of the compilation does with classified data, as seen from its callers: which
/// parameters reach which sinks, which parameters reach the return value, and which classified
/// sources it returns itself.
/// </summary>
public sealed class MethodSummary
{
    public static readonly MethodSummary Empty = new(ImmutableArray<ParameterSink>.Empty, ImmutableHashSet<int>.Empty, Taint.Empty);

    /// <summary>
    /// A screen summary that could not be built (the method's own screen could not decide,
    /// <see cref="TaintWalker.ScreenInconclusive"/>): a caller's screen cannot rule anything out and
    /// leaves the body to the analysis.
    /// </summary>
    public static readonly MethodSummary Inconclusive = new(ImmutableArray<ParameterSink>.Empty, ImmutableHashSet<int>.Empty, Taint.Empty);

    public MethodSummary(ImmutableArray<ParameterSink> parameterSinks, ImmutableHashSet<int> parametersToReturn, Taint returnedSources)
    {
        ParameterSinks = parameterSinks;
        ParametersToReturn = parametersToReturn;
        ReturnedSources = returnedSources;
    }

    public ImmutableArray<ParameterSink> ParameterSinks { get; }

    public ImmutableHashSet<int> ParametersToReturn { get; }

    /// <summary>Classified data the method reads and returns (<c>string GetSsn(int id) => Find(id).Ssn</c>).</summary>
    public Taint ReturnedSources { get; }

    public bool IsEmpty => ParameterSinks.IsEmpty && ParametersToReturn.IsEmpty && ReturnedSources.IsEmpty;
}
