using System.Collections.Immutable;

namespace Compliance.Analyzers.Infrastructure.Flow;

/// <summary>
/// The values one property of a tracked object may hold at a program point, joined over every
/// path that reaches it: the constants assigned, whether some path never assigned it (so the
/// type's default applies), and whether some path assigned a value that is not a constant.
/// </summary>
public readonly struct PropertyValueSet : IEquatable<PropertyValueSet>
{
    private readonly ImmutableArray<object?> _constants;

    private PropertyValueSet(bool mayBeUnassigned, bool mayBeNonConstant, ImmutableArray<object?> constants)
    {
        MayBeUnassigned = mayBeUnassigned;
        MayBeNonConstant = mayBeNonConstant;
        _constants = constants;
    }

    public static PropertyValueSet Unassigned { get; } = new(true, false, ImmutableArray<object?>.Empty);

    public static PropertyValueSet NonConstant { get; } = new(false, true, ImmutableArray<object?>.Empty);

    /// <summary>Some path reaches this point without assigning the property.</summary>
    public bool MayBeUnassigned { get; }

    /// <summary>Some path assigned a value the analyzer cannot evaluate.</summary>
    public bool MayBeNonConstant { get; }

    /// <summary>The constant values assigned on the other paths.</summary>
    public ImmutableArray<object?> Constants => _constants.IsDefault ? ImmutableArray<object?>.Empty : _constants;

    public static PropertyValueSet Constant(object? value) => new(false, false, ImmutableArray.Create(value));

    /// <summary>True when every path assigned a constant and each satisfies <paramref name="isSafe"/>.</summary>
    public bool All(Func<object?, bool> isSafe)
    {
        if (MayBeUnassigned || MayBeNonConstant || Constants.IsEmpty)
        {
            return false;
        }

        foreach (var constant in Constants)
        {
            if (!isSafe(constant))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when some path assigned a constant that satisfies <paramref name="predicate"/>.</summary>
    public bool Any(Func<object?, bool> predicate)
    {
        foreach (var constant in Constants)
        {
            if (predicate(constant))
            {
                return true;
            }
        }

        return false;
    }

    public PropertyValueSet Join(PropertyValueSet other)
    {
        var constants = Constants;
        foreach (var constant in other.Constants)
        {
            if (!constants.Contains(constant))
            {
                constants = constants.Add(constant);
            }
        }

        return new PropertyValueSet(MayBeUnassigned || other.MayBeUnassigned, MayBeNonConstant || other.MayBeNonConstant, constants);
    }

    public bool Equals(PropertyValueSet other)
        => MayBeUnassigned == other.MayBeUnassigned
        && MayBeNonConstant == other.MayBeNonConstant
        && Constants.Length == other.Constants.Length
        && Constants.All(other.Constants.Contains);

    public override bool Equals(object? obj) => obj is PropertyValueSet other && Equals(other);

    public override int GetHashCode() => (MayBeUnassigned ? 1 : 0) | (MayBeNonConstant ? 2 : 0) | (Constants.Length << 2);
}
