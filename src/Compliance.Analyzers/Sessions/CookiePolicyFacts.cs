using System.Runtime.CompilerServices;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Sessions;

/// <summary>
/// The application-wide cookie policy: what <c>CookiePolicyOptions</c> forces on every cookie when
/// <c>app.UseCookiePolicy()</c> is in the pipeline. The middleware rewrites every cookie the
/// application appends (including the authentication, session and antiforgery cookies), so a
/// forced setting makes the matching per-cookie report a false positive. A setting made
/// unconditionally by the <c>OnAppendCookie</c> callback is forced in the same way.
/// </summary>
/// <remarks>
/// This is a whole-program fact: the policy is usually configured in Program.cs while cookies are
/// written in controllers. It is computed once per compilation, lazily, the first time a cookie
/// rule has something to report, from a syntax pre-filter on the few names involved.
/// </remarks>
internal sealed class CookiePolicyFacts
{
    private const int SameSiteUnspecified = -1;

    private static readonly string[] CookiePolicyWords = { "CookiePolicy" };
    private static readonly ConditionalWeakTable<Compilation, CookiePolicyFacts> Cache = new();
    private static readonly ConditionalWeakTable<Compilation, CookiePolicyFacts>.CreateValueCallback Create = Compute;

    private CookiePolicyFacts(bool forcesSecure, bool forcesHttpOnly, int minimumSameSite)
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

    public static CookiePolicyFacts For(Compilation compilation) => Cache.GetValue(compilation, Create);

    private static CookiePolicyFacts Compute(Compilation compilation)
    {
        var knownTypes = KnownTypes.For(compilation);
        var policyOptions = knownTypes.Get(TypeNames.CookiePolicyOptions);
        var extensions = knownTypes.Get(TypeNames.CookiePolicyAppBuilderExtensions);
        if (policyOptions is null || extensions is null)
        {
            return new CookiePolicyFacts(false, false, SameSiteUnspecified);
        }

        var pipelineUsesPolicy = false;
        bool? secure = null, httpOnly = null;
        int? minimumSameSite = null;
        bool? appendSecure = null, appendHttpOnly = null;
        int? appendSameSite = null;

        // Only files that name the cookie policy can configure or use it; finding them is a token
        // scan, and only their candidate nodes are bound. The result is shared by every analyzer
        // of the compilation, so it is computed without any one caller's cancellation token: a
        // cancelled caller must not poison the cache.
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!SourceTextSearch.MentionsAny(tree, CookiePolicyWords) || !MentionsCookiePolicy(tree.GetRoot()))
            {
                continue;
            }

            SemanticModel? model = null;
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax invocation when InvokedName(invocation) == "UseCookiePolicy":
                        model ??= SemanticModels.For(compilation, tree);
                        if (model.GetOperation(invocation) is IInvocationOperation use
                            && SymbolEqualityComparer.Default.Equals(use.TargetMethod.ContainingType, extensions)
                            && !DevelopmentEnvironment.IsInDevelopmentOnlyBranch(use))
                        {
                            pipelineUsesPolicy = true;
                        }

                        break;

                    case AssignmentExpressionSyntax assignment when AssignedName(assignment) is "Secure" or "HttpOnly" or "MinimumSameSitePolicy" or "OnAppendCookie":
                        model ??= SemanticModels.For(compilation, tree);
                        if (model.GetOperation(assignment) is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } operation
                            || !SymbolEqualityComparer.Default.Equals(target.Property.ContainingType, policyOptions)
                            || DevelopmentEnvironment.IsInDevelopmentOnlyBranch(operation))
                        {
                            break;
                        }

                        if (target.Property.Name == "OnAppendCookie")
                        {
                            ReadAppendCallback(operation.Value, ref appendSecure, ref appendHttpOnly, ref appendSameSite);
                            break;
                        }

                        var value = SingleInt(operation.Value);
                        switch (target.Property.Name)
                        {
                            // CookieSecurePolicy.Always == 1 and HttpOnlyPolicy.Always == 1; every
                            // assignment must force it, or the policy is not forced.
                            case "Secure":
                                secure = (secure ?? true) && value == 1;
                                break;
                            case "HttpOnly":
                                httpOnly = (httpOnly ?? true) && value == 1;
                                break;
                            default:
                                var forced = value ?? SameSiteUnspecified;
                                minimumSameSite = minimumSameSite is null ? forced : Math.Min(minimumSameSite.Value, forced);
                                break;
                        }

                        break;
                }
            }
        }

        // The middleware applies the options' policies first and then calls OnAppendCookie, so
        // what the callback sets is what the cookie gets.
        return pipelineUsesPolicy
            ? new CookiePolicyFacts(appendSecure ?? secure == true, appendHttpOnly ?? httpOnly == true, appendSameSite ?? minimumSameSite ?? SameSiteUnspecified)
            : new CookiePolicyFacts(false, false, SameSiteUnspecified);
    }

    /// <summary>
    /// <c>options.OnAppendCookie = context => { context.CookieOptions.Secure = true; … }</c>: the
    /// settings the callback makes unconditionally (top-level statements of its body) on the
    /// cookie being appended. Settings under a condition force nothing.
    /// </summary>
    private static void ReadAppendCallback(IOperation value, ref bool? secure, ref bool? httpOnly, ref int? sameSite)
    {
        if (value.WalkDownConversionsAndParentheses() is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.Parameters.Length: 1 } callback })
        {
            return;
        }

        var context = callback.Symbol.Parameters[0];
        foreach (var statement in callback.Body.Operations)
        {
            var assigned = statement switch
            {
                IExpressionStatementOperation { Operation: ISimpleAssignmentOperation expression } => expression,
                IReturnOperation { ReturnedValue: ISimpleAssignmentOperation expression } => expression,
                _ => null,
            };
            if (assigned is not { Target: IPropertyReferenceOperation { Instance: IPropertyReferenceOperation { Property.Name: "CookieOptions", Instance: IParameterReferenceOperation owner } } target }
                || !SymbolEqualityComparer.Default.Equals(owner.Parameter, context)
                || !ConstantValues.TryGetValues(assigned.Value, out var constants)
                || constants.IsEmpty)
            {
                continue;
            }

            switch (target.Property.Name)
            {
                case "Secure":
                    secure = (secure ?? true) && constants.All(static c => c is true);
                    break;
                case "HttpOnly":
                    httpOnly = (httpOnly ?? true) && constants.All(static c => c is true);
                    break;
                case "SameSite":
                    var weakest = constants.All(static c => c is int) ? constants.Min(static c => (int)c!) : SameSiteUnspecified;
                    sameSite = sameSite is null ? weakest : Math.Min(sameSite.Value, weakest);
                    break;
            }
        }
    }

    /// <summary>The one constant an options value folds to (every branch the same), or null.</summary>
    private static int? SingleInt(IOperation value)
        => ConstantValues.TryGetValues(value, out var constants) && constants.Length > 0 && constants.All(c => c is int && Equals(c, constants[0]))
            ? (int)constants[0]!
            : null;

    private static bool MentionsCookiePolicy(SyntaxNode root)
    {
        foreach (var token in root.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText.IndexOf("CookiePolicy", StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string? InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        _ => null,
    };

    private static string? AssignedName(AssignmentExpressionSyntax assignment)
        => !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
            ? null
            : assignment.Left switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                _ => null,
            };
}
