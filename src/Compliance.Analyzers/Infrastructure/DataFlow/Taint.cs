using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure.DataFlow;

/// <summary>Where a tainted value comes from.</summary>
public enum TaintSourceKind
{
    /// <summary>A classified member, parameter or return value (<c>Patient.Ssn ([Phi])</c>).</summary>
    ClassifiedMember,

    /// <summary>A whole object whose type holds classified members (<c>Patient</c>); its <c>ToString</c> or serialisation prints them.</summary>
    WholeObject,

    /// <summary>A parameter of the method being summarised (internal to summaries).</summary>
    Parameter,
}

/// <summary>One origin of classified data, with the call sites it travelled through.</summary>
public sealed class TaintSource : IEquatable<TaintSource>
{
    public TaintSource(TaintSourceKind kind, string description, int parameterOrdinal, ImmutableArray<Location> path)
    {
        Kind = kind;
        Description = description;
        ParameterOrdinal = parameterOrdinal;
        Path = path;
    }

    public TaintSourceKind Kind { get; }

    /// <summary>How messages name it: <c>Patient.Ssn ([Phi])</c>.</summary>
    public string Description { get; }

    /// <summary>For <see cref="TaintSourceKind.Parameter"/>: the parameter's ordinal; otherwise -1.</summary>
    public int ParameterOrdinal { get; }

    /// <summary>Where the data was read when it was returned from a called method (outermost first).</summary>
    public ImmutableArray<Location> Path { get; }

    public static TaintSource Classified(string description) => new(TaintSourceKind.ClassifiedMember, description, -1, ImmutableArray<Location>.Empty);

    public static TaintSource WholeObject(string description) => new(TaintSourceKind.WholeObject, description, -1, ImmutableArray<Location>.Empty);

    public static TaintSource ForParameter(int ordinal) => new(TaintSourceKind.Parameter, "parameter " + ordinal, ordinal, ImmutableArray<Location>.Empty);

    public TaintSource WithPathPrefix(Location location)
        => new(Kind, Description, ParameterOrdinal, Path.Insert(0, location));

    public bool Equals(TaintSource? other)
        => other is not null && Kind == other.Kind && ParameterOrdinal == other.ParameterOrdinal && string.Equals(Description, other.Description, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as TaintSource);

    public override int GetHashCode() => ((int)Kind * 31 + ParameterOrdinal) * 31 + StringComparer.Ordinal.GetHashCode(Description);

    public override string ToString() => Description;
}

/// <summary>An immutable set of <see cref="TaintSource"/>s; small by construction (one or two sources per value).</summary>
public readonly struct Taint : IEquatable<Taint>
{
    /// <summary>Bound on distinct sources kept per value, so loops that keep concatenating stay linear.</summary>
    private const int MaxSources = 8;

    private readonly ImmutableArray<TaintSource> _sources;

    private Taint(ImmutableArray<TaintSource> sources)
    {
        _sources = sources;
    }

    public static Taint Empty => default;

    public ImmutableArray<TaintSource> Sources => _sources.IsDefault ? ImmutableArray<TaintSource>.Empty : _sources;

    public bool IsEmpty => _sources.IsDefaultOrEmpty;

    public static Taint Of(TaintSource source) => new(ImmutableArray.Create(source));

    public Taint Union(Taint other)
    {
        if (other.IsEmpty)
        {
            return this;
        }

        if (IsEmpty)
        {
            return other;
        }

        var builder = _sources.ToBuilder();
        foreach (var source in other._sources)
        {
            if (builder.Count < MaxSources && !builder.Contains(source))
            {
                builder.Add(source);
            }
        }

        return builder.Count == _sources.Length ? this : new Taint(builder.ToImmutable());
    }

    public Taint Add(TaintSource source) => Union(Of(source));

    /// <summary>The sources that are real data (not summary parameter markers).</summary>
    public Taint WithoutParameters()
    {
        if (IsEmpty || !_sources.Any(static s => s.Kind == TaintSourceKind.Parameter))
        {
            return this;
        }

        var kept = _sources.Where(static s => s.Kind != TaintSourceKind.Parameter).ToImmutableArray();
        return kept.IsEmpty ? Empty : new Taint(kept);
    }

    /// <summary>The sources that are classified members (not whole objects).</summary>
    public Taint WithoutWholeObjects()
    {
        if (IsEmpty || !_sources.Any(static s => s.Kind == TaintSourceKind.WholeObject))
        {
            return this;
        }

        var kept = _sources.Where(static s => s.Kind != TaintSourceKind.WholeObject).ToImmutableArray();
        return kept.IsEmpty ? Empty : new Taint(kept);
    }

    public bool Equals(Taint other)
    {
        if (IsEmpty || other.IsEmpty)
        {
            return IsEmpty == other.IsEmpty;
        }

        return _sources.Length == other._sources.Length && _sources.All(other._sources.Contains);
    }

    public override bool Equals(object? obj) => obj is Taint other && Equals(other);

    public override int GetHashCode() => IsEmpty ? 0 : _sources.Length;
}
