using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure.Cookies;

/// <summary>
/// The application-wide cookie policy: what <c>CookiePolicyOptions</c> forces on every cookie when
/// <c>app.UseCookiePolicy()</c> is in the pipeline. The middleware rewrites every cookie the
/// application appends (including the authentication, session and antiforgery cookies), so a
/// forced setting makes the matching per-cookie report a false positive. A setting made
/// unconditionally by the <c>OnAppendCookie</c> callback is forced in the same way.
/// </summary>
/// <remarks>
/// This is a whole-program fact: the policy is usually configured in Program.cs while cookies are
/// written in controllers. It is gathered by the configuration scan (<see cref="ApplicationConfiguration"/>,
/// <see cref="CookiePolicyAccumulator"/>), which the cookie rules start the first time they have
/// something to report, and which the endpoint rules share (a Strict policy protects against CSRF).
/// </remarks>
internal sealed class CookiePolicyFacts
{
    /// <summary>No SameSite mode is forced.</summary>
    internal const int SameSiteUnspecified = -1;

    /// <summary>Nothing forced: no policy in the pipeline, or no cookie policy API referenced.</summary>
    internal static readonly CookiePolicyFacts None = new(false, false, SameSiteUnspecified);

    internal CookiePolicyFacts(bool forcesSecure, bool forcesHttpOnly, int minimumSameSite)
    {
        ForcesSecure = forcesSecure;
        ForcesHttpOnly = forcesHttpOnly;
        MinimumSameSite = minimumSameSite;
    }

    /// <summary><c>Secure = CookieSecurePolicy.Always</c>.</summary>
    public bool ForcesSecure { get; }

    /// <summary><c>HttpOnly = HttpOnlyPolicy.Always</c>.</summary>
    public bool ForcesHttpOnly { get; }

    /// <summary>The <c>MinimumSameSitePolicy</c> value (SameSiteMode), -1 when none is forced.</summary>
    public int MinimumSameSite { get; }

    public static CookiePolicyFacts For(Compilation compilation) => ApplicationConfiguration.For(compilation).CookiePolicy;
}
