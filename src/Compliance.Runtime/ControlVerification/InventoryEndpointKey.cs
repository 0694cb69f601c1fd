using System.Text;

namespace Compliance.Runtime;

/// <summary>
/// The key an endpoint is matched by between the build report and the running application's
/// inventory. One source file, compiled into Compliance.Runtime and linked into the report tool
/// (which does not reference the runtime), so both sides cannot drift apart.
/// </summary>
internal static class InventoryEndpointKey
{
    /// <summary>The HTTP methods (sorted, <c>ANY</c> when unrestricted) and the route without constraints, defaults, optional markers or catch-all stars, lower-case, with one leading slash.</summary>
    public static string Of(IEnumerable<string> methods, string route)
    {
        var sorted = methods.Select(static m => m.ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        foreach (var segment in route.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append('/');
            var i = 0;
            while (i < segment.Length)
            {
                if (segment[i] == '{')
                {
                    var end = segment.IndexOf('}', i);
                    end = end < 0 ? segment.Length - 1 : end;
                    var name = segment.Substring(i + 1, end - i - 1).TrimStart('*');
                    var cut = name.IndexOfAny([':', '=', '?']);
                    text.Append('{').Append((cut < 0 ? name : name[..cut]).ToLowerInvariant()).Append('}');
                    i = end + 1;
                }
                else
                {
                    text.Append(char.ToLowerInvariant(segment[i]));
                    i++;
                }
            }
        }

        return (sorted.Count == 0 ? "ANY" : string.Join(",", sorted)) + " " + (text.Length == 0 ? "/" : text.ToString());
    }
}
