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

    /// <summary>The placeholder that stands for a member name the contract does not know.</summary>
    public const string UnknownMember = "<unknown member>";

    /// <summary>The placeholder that stands for a dictionary key.</summary>
    public const string Key = "<key>";

    /// <summary>
    /// Rewrites a parser path so that it holds only text the application chose: contract member
    /// names, array indexes and fixed placeholders. Member names come from the client and end up in
    /// responses and in a six-year, undeletable audit trail, so an unknown name (which may be
    /// megabytes long, or PHI typed as a key) is replaced by <see cref="UnknownMember"/> and nothing
    /// after it is kept.
    /// </summary>
    public static string Sanitize(JsonSerializerOptions options, Type root, string? path)
    {
        var builder = new System.Text.StringBuilder("$");
        if (string.IsNullOrEmpty(path))
        {
            return "$";
        }

        Type? target = root;
        var span = path.AsSpan();
        if (span.StartsWith("$"))
        {
            span = span[1..];
        }

        while (!span.IsEmpty)
        {
            ReadOnlySpan<char> name;
            if (span[0] == '.')
            {
                span = span[1..];
                var end = span.IndexOfAny('.', '[');
                name = end < 0 ? span : span[..end];
                span = end < 0 ? [] : span[end..];
            }
            else if (span.StartsWith("['"))
            {
                var end = span.IndexOf("']");
                if (end < 0)
                {
                    break;
                }

                name = span[2..end];
                span = span[(end + 2)..];
            }
            else if (span[0] == '[')
            {
                var end = span.IndexOf(']');
                var index = end < 0 ? [] : span[1..end];
                if (index.IsEmpty || index.Length > 9 || index.ContainsAnyExceptInRange('0', '9'))
                {
                    break;
                }

                builder.Append('[').Append(index).Append(']');
                target = target is null ? null : ElementType(Nullable.GetUnderlyingType(target) ?? target);
                span = span[(end + 1)..];
                continue;
            }
            else
            {
                break;
            }

            var info = target is null ? null : options.GetTypeInfo(Nullable.GetUnderlyingType(target) ?? target);
            if (info?.Kind == JsonTypeInfoKind.Dictionary)
            {
                builder.Append('.').Append(Key);
                target = info.ElementType;
                continue;
            }

            var property = info?.Kind == JsonTypeInfoKind.Object ? Find(info, name, options.PropertyNameCaseInsensitive) : null;
            if (property is null)
            {
                builder.Append('.').Append(UnknownMember);
                break;
            }

            builder.Append('.').Append(property.Name);
            target = property.PropertyType;
        }

        return builder.ToString();
    }

    public static JsonPropertyInfo? Find(JsonTypeInfo info, ReadOnlySpan<char> name, bool caseInsensitive)
    {
        foreach (var property in info.Properties)
        {
            if (name.Equals(property.Name, caseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                return property;
            }
        }

        return null;
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
    public static List<string?> Segments(string path) => Steps(path).ConvertAll(static s => s.Name);

    /// <summary>Property names (Index -1), or array indexes (Name null).</summary>
    public static List<(string? Name, int Index)> Steps(string path)
    {
        var segments = new List<(string? Name, int Index)>();
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
                segments.Add((name.ToString(), -1));
                span = end < 0 ? [] : span[end..];
            }
            else if (span.StartsWith("['"))
            {
                var end = span.IndexOf("']");
                if (end < 0)
                {
                    break;
                }

                segments.Add((span[2..end].ToString(), -1));
                span = span[(end + 2)..];
            }
            else if (span[0] == '[')
            {
                var end = span.IndexOf(']');
                if (end < 0)
                {
                    break;
                }

                segments.Add((null, int.TryParse(span[1..end], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : -1));
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
