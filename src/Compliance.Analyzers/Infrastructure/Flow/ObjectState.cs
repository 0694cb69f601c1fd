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

    private readonly StateKind kind;
    private readonly ImmutableArray<PropertyValueSet> values;

    private ObjectState(StateKind kind, ImmutableArray<PropertyValueSet> values)
    {
        this.kind = kind;
        this.values = values;
    }

    public static ObjectState Unreachable { get; } = new(StateKind.Unreachable, default);

    public static ObjectState Unknown { get; } = new(StateKind.Unknown, default);

    public bool IsTracked => kind == StateKind.Tracked;

    public bool IsUnreachable => kind == StateKind.Unreachable;

    /// <summary>The values of the tracked property at <paramref name="index"/>; only valid when <see cref="IsTracked"/>.</summary>
    public PropertyValueSet this[int index] => values[index];

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
        => IsTracked ? new ObjectState(StateKind.Tracked, values.SetItem(index, value)) : this;

    public ObjectState Join(ObjectState other)
    {
        if (kind == StateKind.Unreachable)
        {
            return other;
        }

        if (other.kind == StateKind.Unreachable)
        {
            return this;
        }

        if (kind == StateKind.Unknown || other.kind == StateKind.Unknown)
        {
            return Unknown;
        }

        var builder = ImmutableArray.CreateBuilder<PropertyValueSet>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            builder.Add(values[i].Join(other.values[i]));
        }

        return new ObjectState(StateKind.Tracked, builder.MoveToImmutable());
    }
}
