using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Compliance.Runtime.Validation;

/// <summary>Walks a JSON path such as <c>$.address.lines[1]</c> through a type's serialization contract.</summary>
internal static class JsonPaths
{
    /// <summary>
    /// Resolves <paramref name="path"/> against <paramref name="root"/>. Returns false when a member
    /// of the path is not part of the contract (an unknown member); <paramref name="target"/> is the
    /// type of the last resolved position.
    /// </summary>
    public static bool TryResolve(JsonSerializerOptions options, Type root, string path, out Type target)
    {
        target = root;
        var segments = Segments(path);
        foreach (var segment in segments)
        {
            if (segment is null)
            {
                target = ElementType(target) ?? target;
                continue;
            }

            var info = options.GetTypeInfo(Nullable.GetUnderlyingType(target) ?? target);
            if (info.Kind != JsonTypeInfoKind.Object)
            {
                return false;
            }

            var property = Find(info, segment, options.PropertyNameCaseInsensitive);
            if (property is null)
            {
                return false;
            }

            target = property.PropertyType;
        }

        return true;
    }

    public static JsonPropertyInfo? Find(JsonTypeInfo info, string name, bool caseInsensitive)
    {
        foreach (var property in info.Properties)
        {
            if (string.Equals(property.Name, name, caseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                return property;
            }
        }

        return null;
    }

    /// <summary>Property names, or null for an array index.</summary>
    public static List<string?> Segments(string path)
    {
        var segments = new List<string?>();
        var span = path.AsSpan();
        if (span.StartsWith("$"))
        {
            span = span[1..];
        }

        while (!span.IsEmpty)
        {
            if (span[0] == '.')
            {
                span = span[1..];
                var end = span.IndexOfAny('.', '[');
                var name = end < 0 ? span : span[..end];
                segments.Add(name.ToString());
                span = end < 0 ? [] : span[end..];
            }
            else if (span.StartsWith("['"))
            {
                var end = span.IndexOf("']");
                if (end < 0)
                {
                    break;
                }

                segments.Add(span[2..end].ToString());
                span = span[(end + 2)..];
            }
            else if (span[0] == '[')
            {
                var end = span.IndexOf(']');
                if (end < 0)
                {
                    break;
                }

                segments.Add(null);
                span = span[(end + 1)..];
            }
            else
            {
                break;
            }
        }

        return segments;
    }

    public static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        foreach (var candidate in type.GetInterfaces().Prepend(type))
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                return candidate.GetGenericArguments()[0];
            }
        }

        return null;
    }

    /// <summary>A value-free description of what a field expects.</summary>
    public static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(char) || type == typeof(Guid) || type.IsEnum)
        {
            return "a string";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly))
        {
            return "a date/time string in ISO 8601 format";
        }

        if (type.IsPrimitive || type == typeof(decimal))
        {
            return "a number";
        }

        return type != typeof(string) && ElementType(type) is not null ? "an array" : "an object";
    }
}
