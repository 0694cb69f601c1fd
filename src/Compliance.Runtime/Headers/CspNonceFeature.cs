namespace Compliance.Runtime.Headers;

/// <summary>
/// The nonce handed out by <c>GetCspNonce()</c>. A request feature rather than an
/// <c>HttpContext.Items</c> entry, so the per-response check for it allocates nothing.
/// </summary>
internal sealed class CspNonceFeature(string nonce)
{
    public string Nonce { get; } = nonce;

    /// <summary>
    /// Adds <c>'nonce-…'</c> right after the <c>script-src</c> and <c>style-src</c> directive
    /// names of <paramref name="policy"/>. Directives the policy does not have are not invented:
    /// adding one would silently replace the <c>default-src</c> fallback.
    /// </summary>
    public static string AddTo(string policy, string nonce)
    {
        var source = " 'nonce-" + nonce + "'";
        return Insert(Insert(policy, "script-src", source), "style-src", source);
    }

    private static string Insert(string policy, string directive, string source)
    {
        var start = 0;
        while (start < policy.Length)
        {
            var end = policy.IndexOf(';', start);
            if (end < 0)
            {
                end = policy.Length;
            }

            var name = start;
            while (name < end && char.IsWhiteSpace(policy[name]))
            {
                name++;
            }

            var afterName = name + directive.Length;
            if (afterName <= end
                && string.Compare(policy, name, directive, 0, directive.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (afterName == end || char.IsWhiteSpace(policy[afterName])))
            {
                return policy.Insert(afterName, source);
            }

            start = end + 1;
        }

        return policy;
    }
}
