using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Compliance.Analyzers.Tests.Verifiers;

/// <summary>One marked span: <c>[|…|]</c> (Id null), <c>{|CMP0001:…|}</c> or <c>{|#0:…|}</c>.</summary>
public sealed record MarkupSpan(string? Id, TextSpan Span)
{
    /// <summary>True for a <c>{|#n:…|}</c> placeholder, which names a location rather than a diagnostic.</summary>
    public bool IsPlaceholder => Id is not null && Id.StartsWith('#');

    public int PlaceholderKey => int.Parse(Id!.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Parses the test markup of the Roslyn SDK testing library with a stack, so spans may nest.
/// Unbalanced or mismatched markers throw, naming the position.
/// </summary>
public static class MarkupParser
{
    public static (string Text, IReadOnlyList<MarkupSpan> Spans) Parse(string markup)
    {
        var output = new StringBuilder(markup.Length);
        var spans = new List<MarkupSpan>();
        var open = new Stack<(bool Brace, string? Id, int Start, int MarkupPosition)>();
        var i = 0;
        while (i < markup.Length)
        {
            if (Starts(markup, i, "[|"))
            {
                open.Push((false, null, output.Length, i));
                i += 2;
                continue;
            }

            if (Starts(markup, i, "{|") && TryReadId(markup, i + 2, out var id, out var afterId))
            {
                open.Push((true, id, output.Length, i));
                i = afterId;
                continue;
            }

            if (Starts(markup, i, "|]") && open.Count > 0 && !open.Peek().Brace)
            {
                var (_, _, start, _) = open.Pop();
                spans.Add(new MarkupSpan(null, TextSpan.FromBounds(start, output.Length)));
                i += 2;
                continue;
            }

            if (Starts(markup, i, "|}") && open.Count > 0 && open.Peek().Brace)
            {
                var (_, spanId, start, _) = open.Pop();
                spans.Add(new MarkupSpan(spanId, TextSpan.FromBounds(start, output.Length)));
                i += 2;
                continue;
            }

            if ((Starts(markup, i, "|]") || Starts(markup, i, "|}")) && open.Count > 0)
            {
                throw new ArgumentException($"Mismatched markup: '{markup.Substring(i, 2)}' at position {i} closes '{(open.Peek().Brace ? "{|" : "[|")}' opened at position {open.Peek().MarkupPosition}.", nameof(markup));
            }

            output.Append(markup[i]);
            i++;
        }

        if (open.Count > 0)
        {
            var unclosed = open.Peek();
            throw new ArgumentException($"Unbalanced markup: '{(unclosed.Brace ? "{|" : "[|")}' opened at position {unclosed.MarkupPosition} is never closed.", nameof(markup));
        }

        spans.Sort(static (a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : a.Span.End.CompareTo(b.Span.End));
        return (output.ToString(), spans);
    }

    private static bool Starts(string text, int index, string value) => string.CompareOrdinal(text, index, value, 0, value.Length) == 0;

    /// <summary>Reads <c>CMP0001:</c> or <c>#0:</c> after <c>{|</c>.</summary>
    private static bool TryReadId(string text, int index, out string id, out int after)
    {
        var end = index;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '#' or '_'))
        {
            end++;
        }

        if (end > index && end < text.Length && text[end] == ':')
        {
            id = text.Substring(index, end - index);
            after = end + 1;
            return true;
        }

        id = "";
        after = index;
        return false;
    }
}
