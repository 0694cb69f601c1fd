namespace Compliance.Runtime.Auditing;

/// <summary>
/// Size limits of an audit record, applied when an event is constructed (every factory, object
/// initializer and <c>with</c> expression goes through them), so no route to the writer can store
/// an oversized record. The trail keeps records for six years and cannot delete them, so text that
/// can come from a client (an HTTP method, a rejected member path, an id claim) is cut to a fixed
/// length with a marker that says how long it was, never stored whole.
/// </summary>
public static class AuditLimits
{
    /// <summary>The longest text member of a record, in UTF-16 characters.</summary>
    public const int MaxTextLength = 256;

    /// <summary>The most entries of <see cref="AuditEvent.Fields"/>; the last one kept says how many more there were.</summary>
    public const int MaxFields = 32;

    /// <summary>
    /// <paramref name="value"/> itself when short enough, else its start followed by
    /// <c>…[truncated, N chars]</c>, at most <see cref="MaxTextLength"/> characters in all.
    /// </summary>
    /// <param name="value">The text, possibly null.</param>
    /// <returns>The bounded text.</returns>
    public static string? Text(string? value)
    {
        if (value is null || value.Length <= MaxTextLength)
        {
            return value;
        }

        var marker = $"…[truncated, {value.Length} chars]";
        var keep = MaxTextLength - marker.Length;
        if (char.IsHighSurrogate(value[keep - 1]))
        {
            keep--;
        }

        return string.Concat(value.AsSpan(0, keep), marker);
    }

    /// <summary>
    /// At most <see cref="MaxFields"/> entries, each bounded by <see cref="Text"/>. A list within the
    /// limits is kept as it is (no copy on the hot path); null entries stay null, so the writer's
    /// validation still refuses them.
    /// </summary>
    /// <param name="fields">The field names, possibly null.</param>
    /// <returns>The bounded list.</returns>
    public static IReadOnlyList<string>? Fields(IReadOnlyList<string>? fields)
    {
        if (fields is null || WithinLimits(fields))
        {
            return fields;
        }

        var count = Math.Min(fields.Count, MaxFields);
        var bounded = new string[count];
        for (var i = 0; i < count; i++)
        {
            bounded[i] = Text(fields[i])!;
        }

        if (fields.Count > MaxFields)
        {
            bounded[MaxFields - 1] = $"…[{fields.Count - MaxFields + 1} more fields]";
        }

        return bounded;
    }

    private static bool WithinLimits(IReadOnlyList<string> fields)
    {
        if (fields.Count > MaxFields)
        {
            return false;
        }

        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i] is { Length: > MaxTextLength })
            {
                return false;
            }
        }

        return true;
    }
}
