using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Compliance.Analyzers.Infrastructure.DataFlow;

/// <summary>
/// The taint of every tracked storage location at one program point. Roots are locals,
/// parameters, flow captures and <c>this</c>; a root's members (<c>dto.Name = ...</c>) are tracked
/// one level deep, which is what keeps <c>dto.Id</c> clean after <c>dto.Name</c> got PHI.
/// </summary>
internal sealed class TaintState
{
    /// <summary>The root of <c>this.field</c> members.</summary>
    public static readonly object ThisRoot = new();

    private readonly Dictionary<object, Taint> _values;

    public TaintState()
    {
        _values = new Dictionary<object, Taint>(KeyComparer.Instance);
    }

    private TaintState(Dictionary<object, Taint> values)
    {
        _values = new Dictionary<object, Taint>(values, KeyComparer.Instance);
    }

    public TaintState Clone() => new(_values);

    public Taint Get(object key) => _values.TryGetValue(key, out var taint) ? taint : Taint.Empty;

    public void Set(object key, Taint taint)
    {
        if (taint.IsEmpty)
        {
            _values.Remove(key);
        }
        else
        {
            _values[key] = taint;
        }
    }

    public void Add(object key, Taint taint)
    {
        if (taint.IsEmpty)
        {
            return;
        }

        var current = Get(key);
        var joined = current.Union(taint);
        if (!joined.Equals(current))
        {
            _values[key] = joined;
            Growth++;
        }
    }

    /// <summary>
    /// How many times <see cref="Add"/> and <see cref="Merge"/> have added a source. The screen
    /// (<see cref="TaintWalker.Screen"/>) only ever adds, so an unchanged count means a pass
    /// over a loop body changed nothing.
    /// </summary>
    public int Growth { get; private set; }

    /// <summary>
    /// The weak counterpart of <see cref="Replace"/>: <paramref name="root"/> keeps what it held,
    /// gains <paramref name="taint"/>, and gains the members of <paramref name="copyFrom"/>.
    /// </summary>
    public void Merge(object root, Taint taint, object? copyFrom)
    {
        if (copyFrom is not null && !KeyComparer.Instance.Equals(root, copyFrom))
        {
            List<KeyValuePair<object, Taint>>? copied = null;
            foreach (var entry in _values)
            {
                if (entry.Key is MemberKey member && KeyComparer.Instance.Equals(member.Root, copyFrom))
                {
                    (copied ??= new List<KeyValuePair<object, Taint>>()).Add(new KeyValuePair<object, Taint>(new MemberKey(root, member.Member), entry.Value));
                }
            }

            if (copied is not null)
            {
                foreach (var entry in copied)
                {
                    Add(entry.Key, entry.Value);
                }
            }
        }

        Add(root, taint);
    }

    /// <summary>The root itself and every tracked member of it.</summary>
    public Taint ReadWhole(object root)
    {
        var taint = Get(root);
        foreach (var entry in _values)
        {
            if (entry.Key is MemberKey member && KeyComparer.Instance.Equals(member.Root, root))
            {
                taint = taint.Union(entry.Value);
            }
        }

        return taint;
    }

    /// <summary>A root gets a new value: its old members are gone; those of <paramref name="copyFrom"/> (an aliased root) come with it.</summary>
    public void Replace(object root, Taint taint, object? copyFrom)
    {
        List<object>? stale = null;
        List<KeyValuePair<object, Taint>>? copied = null;
        foreach (var entry in _values)
        {
            if (entry.Key is MemberKey member)
            {
                if (KeyComparer.Instance.Equals(member.Root, root))
                {
                    (stale ??= new List<object>()).Add(entry.Key);
                }
                else if (copyFrom is not null && KeyComparer.Instance.Equals(member.Root, copyFrom))
                {
                    (copied ??= new List<KeyValuePair<object, Taint>>()).Add(new KeyValuePair<object, Taint>(new MemberKey(root, member.Member), entry.Value));
                }
            }
        }

        if (stale is not null)
        {
            foreach (var key in stale)
            {
                _values.Remove(key);
            }
        }

        if (copied is not null)
        {
            foreach (var entry in copied)
            {
                _values[entry.Key] = entry.Value;
            }
        }

        Set(root, taint);
    }

    /// <summary>Joins <paramref name="other"/> into this state; true when anything changed.</summary>
    public bool JoinWith(TaintState other)
    {
        var changed = false;
        foreach (var entry in other._values)
        {
            var current = Get(entry.Key);
            var joined = current.Union(entry.Value);
            if (!joined.Equals(current))
            {
                _values[entry.Key] = joined;
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>A member of a root, tracked one level deep.</summary>
    public sealed class MemberKey
    {
        public MemberKey(object root, ISymbol member)
        {
            Root = root;
            Member = member;
        }

        public object Root { get; }

        public ISymbol Member { get; }
    }

    private sealed class KeyComparer : IEqualityComparer<object>
    {
        public static readonly KeyComparer Instance = new();

        public new bool Equals(object? x, object? y)
        {
            if (ReferenceEquals(x, y))
            {
                return true;
            }

            return (x, y) switch
            {
                (ISymbol a, ISymbol b) => SymbolEqualityComparer.Default.Equals(a, b),
                (CaptureId a, CaptureId b) => a.Equals(b),
                (MemberKey a, MemberKey b) => Equals(a.Root, b.Root) && SymbolEqualityComparer.Default.Equals(a.Member, b.Member),
                _ => false,
            };
        }

        public int GetHashCode(object obj) => obj switch
        {
            ISymbol symbol => SymbolEqualityComparer.Default.GetHashCode(symbol),
            MemberKey member => GetHashCode(member.Root) * 31 + SymbolEqualityComparer.Default.GetHashCode(member.Member),
            _ => obj.GetHashCode(),
        };
    }
}
