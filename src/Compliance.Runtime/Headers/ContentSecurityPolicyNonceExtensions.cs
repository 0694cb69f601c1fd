using System.Security.Cryptography;
using Compliance.Runtime.Headers;

namespace Microsoft.AspNetCore.Http;

/// <summary>A per-response nonce for inline scripts and styles an HTML page cannot move to a file.</summary>
public static class ContentSecurityPolicyNonceExtensions
{
    /// <summary>
    /// Returns this response's Content-Security-Policy nonce, creating it on first use. Put it on
    /// the inline element (<c>&lt;script nonce="@Context.GetCspNonce()"&gt;</c>); <c>UseSecurityHeaders()</c>
    /// then adds <c>'nonce-…'</c> to the <c>script-src</c> and <c>style-src</c> directives of the
    /// page policy for this response only. Responses that never ask pay nothing.
    /// </summary>
    /// <param name="context">The current request.</param>
    /// <returns>A base64 value of 128 random bits.</returns>
    public static string GetCspNonce(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<CspNonceFeature>() is { } existing)
        {
            return existing.Nonce;
        }

        var feature = new CspNonceFeature(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
        context.Features.Set(feature);
        return feature.Nonce;
    }
}
