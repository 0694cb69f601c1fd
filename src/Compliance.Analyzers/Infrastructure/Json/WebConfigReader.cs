using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Text;

namespace Compliance.Analyzers.Infrastructure.Json;

/// <summary>
/// Reads the <c>appSettings</c> and <c>connectionStrings</c> entries of a web.config with a
/// tolerant scan of its <c>&lt;add … /&gt;</c> elements, keeping each value's position. A
/// malformed file yields whatever well-formed elements it has.
/// </summary>
public static class WebConfigReader
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);
    private static readonly Regex AddElement = new(@"<add\b(?<attributes>[^>]*)>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, Timeout);
    private static readonly Regex Attribute = new(@"(?<name>[A-Za-z_:][\w:.-]*)\s*=\s*(?:""(?<value>[^""]*)""|'(?<value>[^']*)')", RegexOptions.CultureInvariant, Timeout);

    public static ImmutableArray<ConfigurationEntry> Read(SourceText sourceText)
    {
        var text = sourceText.ToString();
        var entries = ImmutableArray.CreateBuilder<ConfigurationEntry>();
        try
        {
            foreach (Match element in AddElement.Matches(text))
            {
                var section = EnclosingSection(text, element.Index);
                if (section is null)
                {
                    continue;
                }

                var attributes = element.Groups["attributes"];
                Group? name = null, value = null;
                foreach (Match attribute in Attribute.Matches(attributes.Value))
                {
                    var attributeName = attribute.Groups["name"].Value;
                    if (section == "appSettings" && attributeName.Equals("key", StringComparison.OrdinalIgnoreCase)
                        || section == "connectionStrings" && attributeName.Equals("name", StringComparison.OrdinalIgnoreCase))
                    {
                        name = attribute.Groups["value"];
                    }
                    else if (section == "appSettings" && attributeName.Equals("value", StringComparison.OrdinalIgnoreCase)
                        || section == "connectionStrings" && attributeName.Equals("connectionString", StringComparison.OrdinalIgnoreCase))
                    {
                        value = attribute.Groups["value"];
                    }
                }

                if (name is null || value is null)
                {
                    continue;
                }

                var path = section == "connectionStrings" ? "ConnectionStrings:" + name.Value : name.Value;
                var start = attributes.Index + value.Index;
                entries.Add(new ConfigurationEntry(path, System.Net.WebUtility.HtmlDecode(value.Value), new TextSpan(start, value.Length)));
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological file must not stall the build.
        }

        return entries.ToImmutable();
    }

    /// <summary>The section (appSettings or connectionStrings) open at <paramref name="index"/>, if any.</summary>
    private static string? EnclosingSection(string text, int index)
    {
        foreach (var section in new[] { "appSettings", "connectionStrings" })
        {
            var open = text.LastIndexOf("<" + section, index, StringComparison.OrdinalIgnoreCase);
            var close = text.LastIndexOf("</" + section, index, StringComparison.OrdinalIgnoreCase);
            if (open >= 0 && open > close)
            {
                return section;
            }
        }

        return null;
    }
}
