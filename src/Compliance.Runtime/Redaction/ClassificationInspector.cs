using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace Compliance.Runtime.Redaction;

/// <summary>
/// Decides, once per type, whether printing a value of that type could reveal classified data:
/// it has <see cref="PhiAttribute"/>/<see cref="PiiAttribute"/> members, directly, in nested
/// objects or in collection elements, or members whose content cannot be known from their
/// declared type (<c>object</c>, non-collection interfaces, non-generic collections). Unknown
/// counts as classified, so nested data is redacted rather than printed.
/// </summary>
internal sealed class ClassificationInspector
{
    private const int MaxDepth = 8;
    private readonly ConcurrentDictionary<Type, bool> _cache = new();

    /// <summary>Whether the runtime value must be redacted.</summary>
    public bool MustRedact(object? value) => value is not null && IsClassified(value.GetType());

    public bool IsClassified(Type type) => _cache.GetOrAdd(type, static (t, self) => self.Inspect(t, 0, []), this);

    private bool Inspect(Type type, int depth, HashSet<Type> visiting)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsPlain(type))
        {
            return false;
        }

        if (depth > MaxDepth || type == typeof(object))
        {
            return true;
        }

        if (!visiting.Add(type))
        {
            // A cycle adds nothing new: the members on the path are inspected already.
            return false;
        }

        try
        {
            if (type.IsArray)
            {
                return Inspect(type.GetElementType()!, depth + 1, visiting);
            }

            if (typeof(IEnumerable).IsAssignableFrom(type))
            {
                var elementTypes = EnumerableElementTypes(type);
                return elementTypes.Count == 0 || elementTypes.Any(t => Inspect(t, depth + 1, visiting));
            }

            if (type.IsInterface)
            {
                return true;
            }

            if (IsFrameworkType(type))
            {
                return false;
            }

            const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
            foreach (var property in type.GetProperties(Instance))
            {
                if (property.GetIndexParameters().Length > 0)
                {
                    continue;
                }

                if (IsMarked(property) || (property.GetMethod?.IsPublic == true && Inspect(property.PropertyType, depth + 1, visiting)))
                {
                    return true;
                }
            }

            foreach (var field in type.GetFields(Instance))
            {
                if (IsMarked(field) || (field.IsPublic && Inspect(field.FieldType, depth + 1, visiting)))
                {
                    return true;
                }
            }

            // Records and primary constructors: attributes on parameters mark the data too.
            foreach (var constructor in type.GetConstructors())
            {
                if (constructor.GetParameters().Any(p => p.IsDefined(typeof(PhiAttribute), true) || p.IsDefined(typeof(PiiAttribute), true)))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            visiting.Remove(type);
        }
    }

    private static bool IsMarked(MemberInfo member) =>
        member.IsDefined(typeof(PhiAttribute), inherit: true) || member.IsDefined(typeof(PiiAttribute), inherit: true);

    private static bool IsPlain(Type type) =>
        type.IsPrimitive
        || type.IsEnum
        || type == typeof(string)
        || type == typeof(decimal)
        || type == typeof(DateTime)
        || type == typeof(DateTimeOffset)
        || type == typeof(DateOnly)
        || type == typeof(TimeOnly)
        || type == typeof(TimeSpan)
        || type == typeof(Guid)
        || type == typeof(Uri)
        || type == typeof(Version)
        || typeof(Exception).IsAssignableFrom(type)
        || typeof(Type).IsAssignableFrom(type)
        || typeof(Delegate).IsAssignableFrom(type);

    // Types of the base library carry no classification attributes; collections are handled before this check.
    private static bool IsFrameworkType(Type type)
    {
        var name = type.Namespace;
        return name is not null && (name == "System" || name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal))
            && !type.IsGenericType;
    }

    private static List<Type> EnumerableElementTypes(Type type)
    {
        var result = new List<Type>();
        IEnumerable<Type> candidates = type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces();
        foreach (var candidate in candidates)
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                result.Add(candidate.GetGenericArguments()[0]);
            }
        }

        return result;
    }
}
