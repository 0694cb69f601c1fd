using System.Collections.Immutable;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>What one attribute, convention call or global setting says about an endpoint.</summary>
public enum ControlKind
{
    /// <summary><c>[Audited]</c>, <c>.Audited()</c>.</summary>
    Audited,

    /// <summary><c>[RateLimited(tier)]</c>, <c>.RateLimited(tier)</c>; <see cref="ControlMark.Detail"/> is the tier name.</summary>
    RateLimitTier,

    /// <summary><c>[EnableRateLimiting(policy)]</c>, <c>.RequireRateLimiting(policy)</c>; the detail is the policy name when constant.</summary>
    RateLimitPolicy,

    /// <summary><c>[DisableRateLimiting]</c>, <c>.DisableRateLimiting()</c>.</summary>
    RateLimitDisabled,

    /// <summary><c>[Validated]</c>, <c>.Validated()</c>; or .NET's own minimal-API validation, with the detail <see cref="ControlMark.FrameworkValidation"/>.</summary>
    Validated,

    /// <summary><c>.DisableValidation()</c> or <c>IDisableValidationMetadata</c>.</summary>
    ValidationDisabled,

    /// <summary><c>[Authorize]</c> (any <c>IAuthorizeData</c>), <c>.RequireAuthorization()</c>, an <c>AuthorizeFilter</c>.</summary>
    Authorize,

    /// <summary><c>[AllowAnonymous]</c> (any <c>IAllowAnonymous</c>), <c>.AllowAnonymous()</c>.</summary>
    AllowAnonymous,

    /// <summary><c>[ValidateAntiForgeryToken]</c>, <c>[AutoValidateAntiforgeryToken]</c>, <c>[RequireAntiforgeryToken]</c>, Razor Pages' default.</summary>
    AntiforgeryValidated,

    /// <summary><c>[IgnoreAntiforgeryToken]</c>, <c>.DisableAntiforgery()</c>, <c>[RequireAntiforgeryToken(false)]</c>.</summary>
    AntiforgeryIgnored,

    /// <summary><c>[RequireMfa]</c>, <c>.RequireMfa()</c>.</summary>
    RequireMfa,

    /// <summary>
    /// Any attribute or filter by type, for equivalents configured in .editorconfig; the detail is
    /// the type's full name and <see cref="ControlMark.AlternateNames"/> its base types' names.
    /// </summary>
    Filter,
}

/// <summary>One fact about an endpoint, from an attribute, a convention or global configuration.</summary>
public readonly struct ControlMark
{
    /// <summary>
    /// The detail of the <see cref="ControlKind.Validated"/> mark that <c>services.AddValidation()</c>
    /// (.NET's minimal-API validation) puts on every minimal API: it validates like <c>[Validated]</c>
    /// but needs nothing from Compliance.Runtime.
    /// </summary>
    public const string FrameworkValidation = "AddValidation";

    /// <summary>
    /// The detail of a <see cref="ControlKind.Authorize"/> mark that names roles or a policy
    /// (<c>[Authorize(Roles = "Admin")]</c>, <c>[Authorize("Elevated")]</c>,
    /// <c>.RequireAuthorization("Elevated")</c>): only some signed-in callers get through.
    /// </summary>
    public const string RolesOrPolicy = "roles or policy";

    public ControlMark(ControlKind kind, string? detail = null, ImmutableArray<string> alternateNames = default)
    {
        Kind = kind;
        Detail = detail;
        AlternateNames = alternateNames.IsDefault ? ImmutableArray<string>.Empty : alternateNames;
    }

    public ControlKind Kind { get; }

    public string? Detail { get; }

    public ImmutableArray<string> AlternateNames { get; }

    /// <summary>
    /// True when this is a filter or attribute named in <paramref name="names"/>: by full name,
    /// simple name, or simple name without the <c>Attribute</c> suffix, of the type or a base type.
    /// </summary>
    public bool MatchesAny(IReadOnlyList<string> names)
    {
        if (Kind != ControlKind.Filter || names.Count == 0 || Detail is null)
        {
            return false;
        }

        if (Matches(Detail, names))
        {
            return true;
        }

        foreach (var alternate in AlternateNames)
        {
            if (Matches(alternate, names))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(string fullName, IReadOnlyList<string> names)
    {
        var simple = fullName.Substring(fullName.LastIndexOf('.') + 1);
        var trimmed = simple.EndsWith("Attribute", StringComparison.Ordinal) ? simple.Substring(0, simple.Length - "Attribute".Length) : simple;
        foreach (var name in names)
        {
            var candidate = name.StartsWith("global::", StringComparison.Ordinal) ? name.Substring("global::".Length) : name;
            if (string.Equals(candidate, fullName, StringComparison.Ordinal)
                || string.Equals(candidate, simple, StringComparison.Ordinal)
                || string.Equals(candidate, trimmed, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
