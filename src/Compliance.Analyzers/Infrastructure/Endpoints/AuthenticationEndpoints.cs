using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compliance.Analyzers.Infrastructure.Endpoints;

/// <summary>
/// Recognises endpoints that authenticate callers (sign-in, tokens, MFA, passwords) and reset
/// flows, from the words of the handler's name and route and from the members of what they bind.
/// Only state-changing endpoints count: a GET that renders a sign-in form is not an attempt.
/// </summary>
public static class AuthenticationEndpoints
{
    private static readonly HashSet<string> AuthenticationWords = new(StringComparer.Ordinal)
    {
        "login", "logon", "signin", "token", "password", "passcode", "mfa", "otp", "totp", "2fa", "twofactor", "authenticate",
    };

    private static readonly HashSet<string> ProvisioningWords = new(StringComparer.Ordinal) { "create", "add", "new", "invite", "provision" };

    private static readonly HashSet<string> AccountWords = new(StringComparer.Ordinal) { "user", "users", "account", "accounts", "member", "members" };

    private static readonly HashSet<string> CredentialMemberWords = new(StringComparer.Ordinal)
    {
        "password", "passcode", "otp", "totp", "mfa", "credential", "credentials", "secret",
    };

    /// <summary>The tier the endpoint needs (<c>Authentication</c> or <c>PasswordReset</c>), or null when it is not an authentication endpoint.</summary>
    public static string? RequiredTier(EndpointInfo endpoint)
    {
        if (!endpoint.IsStateChanging)
        {
            return null;
        }

        var words = new List<string>();
        var handlerName = endpoint.Handler.MethodKind == MethodKind.AnonymousFunction ? "" : StripHandlerAffixes(endpoint.Handler.Name, endpoint.Kind);
        var handlerWords = IdentifierWords.Split(handlerName);
        words.AddRange(handlerWords);
        string? lastSegment = null;
        foreach (var segment in endpoint.Route.Split('/'))
        {
            if (segment.Length == 0 || segment.StartsWith("{", StringComparison.Ordinal))
            {
                continue;
            }

            lastSegment = segment.ToLowerInvariant();
            words.AddRange(IdentifierWords.Split(segment));
        }

        RemoveLinkedLoginManagement(words);
        var joined = Joined(words);
        var reset = joined.Contains("forgot") || (joined.Contains("reset") && joined.Contains("password"));
        var authentication = reset
            || joined.Overlaps(AuthenticationWords)
            || (handlerWords.Count == 1 && handlerWords[0] == "verify")
            || lastSegment == "verify"
            || (BindsCredentials(endpoint) && !ProvisionsAccountsForPrivilegedCallers(endpoint, joined));
        return !authentication ? null : reset ? "PasswordReset" : "Authentication";
    }

    /// <summary>
    /// True for an OAuth / OpenID Connect protocol endpoint that clients call with form posts by
    /// design: the token endpoint (<c>/connect/token</c>, <c>/oauth/token</c>, <c>/oauth2/token</c>
    /// or a bare <c>/token</c>, a handler that binds <c>grant_type</c>, reads it from the form, or
    /// asks OpenIddict for the request; RFC 6749 section 3.2), and the introspection and revocation
    /// endpoints (<c>…/introspect</c>, <c>…/revoke</c>, <c>…/revocation</c>; RFC 7662, RFC 7009).
    /// Callers authenticate with client credentials or a bearer token, not a cookie, and the answer
    /// is in the body: a forged cross-site post gains nothing a browser session would lend it.
    /// </summary>
    public static bool IsOAuthProtocolEndpoint(EndpointInfo endpoint)
    {
        string? previous = null, last = null;
        var literalSegments = 0;
        foreach (var segment in endpoint.Route.Split('/'))
        {
            if (segment.Length == 0 || segment.StartsWith("{", StringComparison.Ordinal))
            {
                continue;
            }

            literalSegments++;
            previous = last;
            last = segment.ToLowerInvariant();
        }

        if (last is "token" or "introspect" or "revoke" or "revocation" && (literalSegments == 1 || previous is "connect" or "oauth" or "oauth2"))
        {
            return true;
        }

        foreach (var parameter in endpoint.Parameters)
        {
            if (NamesGrantType(parameter.Name))
            {
                return true;
            }

            if (parameter.IsStructuredInput && parameter.Type is INamedTypeSymbol type)
            {
                foreach (var member in type.GetMembers())
                {
                    if (member is IPropertySymbol { DeclaredAccessibility: Accessibility.Public, IsStatic: false } && NamesGrantType(member.Name))
                    {
                        return true;
                    }
                }
            }
        }

        foreach (var reference in endpoint.Handler.DeclaringSyntaxReferences)
        {
            foreach (var token in reference.GetSyntax().DescendantTokens())
            {
                if ((token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == "GetOpenIddictServerRequest")
                    || (token.IsKind(SyntaxKind.StringLiteralToken) && token.ValueText == "grant_type"))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool NamesGrantType(string name)
    {
        var words = IdentifierWords.Split(name);
        return words.Count == 2 && words[0] == "grant" && words[1] == "type";
    }

    /// <summary>
    /// True for an endpoint that creates or invites an account behind a role or policy
    /// (<c>[Authorize(Policy = "RequiresElevation")] POST users/new</c>): it binds the new account's
    /// password but verifies none, and only a privileged caller reaches it, so there is nothing to
    /// guess. Self-service sign-up stays an authentication endpoint.
    /// </summary>
    private static bool ProvisionsAccountsForPrivilegedCallers(EndpointInfo endpoint, HashSet<string> words)
        => words.Overlaps(ProvisioningWords)
            && words.Overlaps(AccountWords)
            && !endpoint.Paths.IsEmpty
            && endpoint.Paths.All(static path => path.Resolved.Authorization == AuthorizationState.Authorized
                && path.Levels.Any(static level => level.Any(static mark => mark is { Kind: ControlKind.Authorize, Detail: ControlMark.RolesOrPolicy })));

    /// <summary>
    /// Drops "login" where it names an external login being linked to or removed from the signed-in
    /// account (<c>LinkLogin</c>, <c>RemoveLogin</c> in the Identity templates): account management
    /// that verifies no credential, so there is nothing to guess.
    /// </summary>
    private static void RemoveLinkedLoginManagement(List<string> words)
    {
        for (var i = words.Count - 1; i > 0; i--)
        {
            if (words[i] is "login" or "logins" && words[i - 1] is "link" or "unlink" or "remove")
            {
                words.RemoveAt(i);
            }
        }
    }

    /// <summary>
    /// True when a bound value is or carries a password, passcode, OTP or credential. The name alone
    /// over-reports: <c>bool UseTotp</c>, a <c>PasswordHistory</c> list, <c>Guid PasswordResetTokenId</c>
    /// or <c>DateTime PasswordChangedAt</c> describe a credential without being one, and an endpoint
    /// that binds them (settings, audit views) is not where guesses are made. A value that can be
    /// guessed is text or bytes, so the type has to be one that can hold a secret too.
    /// </summary>
    private static bool BindsCredentials(EndpointInfo endpoint)
    {
        foreach (var parameter in endpoint.Parameters)
        {
            if (IsCredentialName(parameter.Name) && CanHoldSecret(parameter.Type))
            {
                return true;
            }

            if (parameter.IsStructuredInput && parameter.Type is INamedTypeSymbol type)
            {
                foreach (var member in type.GetMembers())
                {
                    if (member is IPropertySymbol { DeclaredAccessibility: Accessibility.Public, IsStatic: false } property
                        && IsCredentialName(property.Name)
                        && CanHoldSecret(property.Type))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>string, char[], byte[], SecureString or ReadOnlyMemory&lt;char&gt;/Memory&lt;char&gt;: the shapes a typed secret arrives in.</summary>
    private static bool CanHoldSecret(ITypeSymbol? type)
    {
        switch (type)
        {
            case null:
                return false;
            case IArrayTypeSymbol { Rank: 1 } array:
                return array.ElementType.SpecialType is SpecialType.System_Char or SpecialType.System_Byte;
            case INamedTypeSymbol named:
                if (named.SpecialType == SpecialType.System_String)
                {
                    return true;
                }

                if (named.Name == "SecureString" && named.ContainingNamespace.IsNamespace("System.Security"))
                {
                    return true;
                }

                return named.Name is "ReadOnlyMemory" or "Memory"
                    && named.TypeArguments.Length == 1
                    && named.TypeArguments[0].SpecialType == SpecialType.System_Char
                    && named.ContainingNamespace.IsNamespace("System");
            default:
                return false;
        }
    }

    private static bool IsCredentialName(string name)
    {
        foreach (var word in IdentifierWords.Split(name))
        {
            if (CredentialMemberWords.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    private static string StripHandlerAffixes(string name, EndpointKind kind)
    {
        if (name.EndsWith("Async", StringComparison.Ordinal) && name.Length > "Async".Length)
        {
            name = name.Substring(0, name.Length - "Async".Length);
        }

        if (kind == EndpointKind.RazorPage && name.StartsWith("On", StringComparison.Ordinal))
        {
            foreach (var verb in new[] { "Get", "Post", "Put", "Delete", "Patch" })
            {
                if (name.Length >= 2 + verb.Length && string.CompareOrdinal(name, 2, verb, 0, verb.Length) == 0)
                {
                    return name.Substring(2 + verb.Length);
                }
            }
        }

        return name;
    }

    /// <summary>Every word, and every pair of adjacent words run together (sign + in → signin).</summary>
    private static HashSet<string> Joined(List<string> words)
    {
        var set = new HashSet<string>(words, StringComparer.Ordinal);
        for (var i = 0; i + 1 < words.Count; i++)
        {
            set.Add(words[i] + words[i + 1]);
        }

        return set;
    }
}
