using System.Globalization;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>Parsers for the value shapes options use. All are case-insensitive and never throw.</summary>
public static class OptionParsers
{
    public static readonly OptionParser<bool> Boolean = static (string text, out bool value) =>
    {
        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }

        value = false;
        return string.Equals(text, "false", StringComparison.OrdinalIgnoreCase);
    };

    /// <summary>A whole number in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static OptionParser<int> Integer(int minimum, int maximum) => (string text, out int value) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value)
        && value >= minimum
        && value <= maximum;

    /// <summary>A decimal number in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static OptionParser<double> Number(double minimum, double maximum) => (string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
        && value >= minimum
        && value <= maximum;

    /// <summary>One of a fixed set of words.</summary>
    public static OptionParser<T> OneOf<T>(params (string Text, T Value)[] choices) => (string text, out T value) =>
    {
        foreach (var choice in choices)
        {
            if (string.Equals(choice.Text, text, StringComparison.OrdinalIgnoreCase))
            {
                value = choice.Value;
                return true;
            }
        }

        value = default!;
        return false;
    };

    /// <summary>
    /// A comma-separated list of non-empty items (type names, attribute names, words). An empty
    /// value is a valid empty list.
    /// </summary>
    public static readonly OptionParser<IReadOnlyList<string>> List = static (string text, out IReadOnlyList<string> value) =>
    {
        var items = new List<string>();
        foreach (var part in text.Split(','))
        {
            var item = part.Trim();
            if (item.Length > 0)
            {
                items.Add(item);
            }
        }

        value = items;
        return true;
    };
}
