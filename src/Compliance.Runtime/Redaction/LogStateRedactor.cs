using System.Collections;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Redaction;

/// <summary>
/// Replaces classified values in structured-log state with <see cref="Redact.Marker"/> and renders
/// the message again from its template, so neither the properties nor the text carry them.
/// State that needs no redaction is passed through untouched (no allocation).
/// </summary>
internal sealed class LogStateRedactor(ClassificationInspector inspector, IOptions<RedactionOptions> options)
{
    internal const string OriginalFormatKey = "{OriginalFormat}";
    private readonly ISet<string> _names = options.Value.ClassifiedNames;

    public bool TryRedact<TState>(TState state, out RedactedLogState redacted)
    {
        redacted = null!;
        if (state is IReadOnlyList<KeyValuePair<string, object?>> pairs)
        {
            var count = pairs.Count;
            var mustRedact = false;
            for (var i = 0; i < count; i++)
            {
                if (MustRedact(pairs[i]))
                {
                    mustRedact = true;
                    break;
                }
            }

            if (!mustRedact)
            {
                return false;
            }

            var copy = new KeyValuePair<string, object?>[count];
            string? template = null;
            for (var i = 0; i < count; i++)
            {
                var pair = pairs[i];
                if (pair.Key == OriginalFormatKey)
                {
                    template = pair.Value as string;
                    copy[i] = pair;
                }
                else
                {
                    copy[i] = MustRedact(pair) ? new KeyValuePair<string, object?>(pair.Key, Redact.Marker) : pair;
                }
            }

            redacted = new RedactedLogState(copy, template);
            return true;
        }

        if (state is not null && state is not string && inspector.MustRedact(state))
        {
            redacted = new RedactedLogState([], Redact.Marker);
            return true;
        }

        return false;
    }

    private bool MustRedact(KeyValuePair<string, object?> pair) =>
        pair.Key != OriginalFormatKey && ((_names.Count > 0 && _names.Contains(pair.Key.TrimStart('@', '$'))) || inspector.MustRedact(pair.Value));
}

/// <summary>Structured-log state after redaction; its text is the original template filled with the redacted values.</summary>
internal sealed class RedactedLogState(KeyValuePair<string, object?>[] pairs, string? template) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public static readonly Func<RedactedLogState, Exception?, string> Format = static (state, _) => state.ToString();

    public int Count => pairs.Length;

    public KeyValuePair<string, object?> this[int index] => pairs[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Renders the message template (holes are filled in order, as Microsoft.Extensions.Logging does).</summary>
    public override string ToString()
    {
        if (template is null)
        {
            return Redact.Marker;
        }

        var builder = new StringBuilder(template.Length + 16);
        var hole = 0;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                builder.Append('{');
                i++;
            }
            else if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                builder.Append('}');
                i++;
            }
            else if (c == '{')
            {
                var end = template.IndexOf('}', i + 1);
                if (end < 0)
                {
                    builder.Append(template, i, template.Length - i);
                    break;
                }

                var value = hole < pairs.Length && pairs[hole].Key != LogStateRedactor.OriginalFormatKey ? pairs[hole].Value : null;
                hole++;
                AppendValue(builder, value, template.AsSpan(i + 1, end - i - 1));
                i = end;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static void AppendValue(StringBuilder builder, object? value, ReadOnlySpan<char> hole)
    {
        if (value is null)
        {
            builder.Append("(null)");
            return;
        }

        var colon = hole.IndexOf(':');
        if (colon >= 0 && value is IFormattable formattable)
        {
            builder.Append(formattable.ToString(hole[(colon + 1)..].ToString(), CultureInfo.InvariantCulture));
            return;
        }

        if (value is IEnumerable enumerable and not string)
        {
            var first = true;
            foreach (var item in enumerable)
            {
                builder.Append(first ? string.Empty : ", ").Append(Convert.ToString(item, CultureInfo.InvariantCulture) ?? "(null)");
                first = false;
            }

            return;
        }

        builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
    }
}
