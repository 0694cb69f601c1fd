using System.Collections.Immutable;

namespace Compliance.Analyzers.Infrastructure.Flow;

/// <summary>
/// What is known about the tracked properties of one object at a program point. A state is
/// either tracked (one <see cref="PropertyValueSet"/> per tracked property), unreachable (no path
/// gets here), or unknown (the object's history could not be followed, so no rule may report).
/// </summary>
public sealed class ObjectState
{
    private enum StateKind
    {
        Unreachable,
        Unknown,
        Tracked,
    }

    private readonly StateKind _kind;
    private readonly ImmutableArray<PropertyValueSet> _values;

    private ObjectState(StateKind kind, ImmutableArray<PropertyValueSet> values)
    {
        _kind = kind;
        _values = values;
    }

    public static ObjectState Unreachable { get; } = new(StateKind.Unreachable, default);

    public static ObjectState Unknown { get; } = new(StateKind.Unknown, default);

    public bool IsTracked => _kind == StateKind.Tracked;

    public bool IsUnreachable => _kind == StateKind.Unreachable;

    /// <summary>The values of the tracked property at <paramref name="index"/>; only valid when <see cref="IsTracked"/>.</summary>
    public PropertyValueSet this[int index] => _values[index];

    /// <summary>A freshly created object: every tracked property holds the type's default.</summary>
    public static ObjectState Created(int propertyCount)
    {
        var builder = ImmutableArray.CreateBuilder<PropertyValueSet>(propertyCount);
        for (var i = 0; i < propertyCount; i++)
        {
            builder.Add(PropertyValueSet.Unassigned);
        }

        return new ObjectState(StateKind.Tracked, builder.MoveToImmutable());
    }

    public ObjectState With(int index, PropertyValueSet value)
        => IsTracked ? new ObjectState(StateKind.Tracked, _values.SetItem(index, value)) : this;

    public ObjectState Join(ObjectState other)
    {
        if (_kind == StateKind.Unreachable)
        {
            return other;
        }

        if (other._kind == StateKind.Unreachable)
        {
            return this;
        }

        if (_kind == StateKind.Unknown || other._kind == StateKind.Unknown)
        {
            return Unknown;
        }

        var builder = ImmutableArray.CreateBuilder<PropertyValueSet>(_values.Length);
        for (var i = 0; i < _values.Length; i++)
        {
            builder.Add(_values[i].Join(other._values[i]));
        }

        return new ObjectState(StateKind.Tracked, builder.MoveToImmutable());
    }
}
