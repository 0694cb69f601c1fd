using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure.Cookies;

/// <summary>
/// The configuration scan's part for <see cref="CookiePolicyFacts"/>: <c>UseCookiePolicy()</c> in
/// the pipeline, and the <c>CookiePolicyOptions</c> settings (<c>Secure</c>, <c>HttpOnly</c>,
/// <c>MinimumSameSitePolicy</c>, <c>OnAppendCookie</c>). Only files that name the cookie policy
/// can configure or use it; finding them is a text and token scan, and only their candidate nodes
/// are bound.
/// </summary>
internal sealed class CookiePolicyAccumulator : IConfigurationAccumulator
{
    private static readonly string[] CookiePolicyWords = { "CookiePolicy" };

    private readonly INamedTypeSymbol? _policyOptions;
    private readonly INamedTypeSymbol? _extensions;
    private bool _pipelineUsesPolicy;
    private bool? _secure;
    private bool? _httpOnly;
    private int? _minimumSameSite;
    private bool? _appendSecure;
    private bool? _appendHttpOnly;
    private int? _appendSameSite;

    public CookiePolicyAccumulator(KnownTypes knownTypes)
    {
        _policyOptions = knownTypes.Get(TypeNames.CookiePolicyOptions);
        _extensions = knownTypes.Get(TypeNames.CookiePolicyAppBuilderExtensions);
    }

    public bool Wants(SyntaxTree tree, string text)
        => _policyOptions is not null && _extensions is not null && SourceTextSearch.MentionsAny(text, CookiePolicyWords) && MentionsCookiePolicy(tree.GetRoot());

    public void Visit(SyntaxNode node, ConfigurationFile file)
    {
        switch (node)
        {
            case InvocationExpressionSyntax invocation when SyntaxNames.Invoked(invocation) == "UseCookiePolicy":
                UseCookiePolicy(invocation, file);
                break;
            case AssignmentExpressionSyntax assignment when SyntaxNames.Assigned(assignment) is "Secure" or "HttpOnly" or "MinimumSameSitePolicy" or "OnAppendCookie":
                PolicySetting(assignment, file);
                break;
        }
    }

    /// <summary>
    /// The facts: the middleware applies the options' policies first and then calls
    /// OnAppendCookie, so what the callback sets is what the cookie gets.
    /// </summary>
    public CookiePolicyFacts ToFacts()
        => _pipelineUsesPolicy
            ? new CookiePolicyFacts(_appendSecure ?? _secure == true, _appendHttpOnly ?? _httpOnly == true, _appendSameSite ?? _minimumSameSite ?? CookiePolicyFacts.SameSiteUnspecified)
            : CookiePolicyFacts.None;

    private void UseCookiePolicy(InvocationExpressionSyntax invocation, ConfigurationFile file)
    {
        if (file.Model.GetOperation(invocation) is IInvocationOperation use
            && SymbolEqualityComparer.Default.Equals(use.TargetMethod.ContainingType, _extensions)
            && !DevelopmentEnvironment.IsInDevelopmentOnlyBranch(use))
        {
            _pipelineUsesPolicy = true;
        }
    }

    private void PolicySetting(AssignmentExpressionSyntax assignment, ConfigurationFile file)
    {
        if (file.Model.GetOperation(assignment) is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } operation
            || !SymbolEqualityComparer.Default.Equals(target.Property.ContainingType, _policyOptions)
            || DevelopmentEnvironment.IsInDevelopmentOnlyBranch(operation))
        {
            return;
        }

        if (target.Property.Name == "OnAppendCookie")
        {
            ReadAppendCallback(operation.Value, ref _appendSecure, ref _appendHttpOnly, ref _appendSameSite);
            return;
        }

        var value = SingleInt(operation.Value);
        switch (target.Property.Name)
        {
            // CookieSecurePolicy.Always == 1 and HttpOnlyPolicy.Always == 1; every
            // assignment must force it, or the policy is not forced.
            case "Secure":
                _secure = (_secure ?? true) && value == 1;
                break;
            case "HttpOnly":
                _httpOnly = (_httpOnly ?? true) && value == 1;
                break;
            default:
                var forced = value ?? CookiePolicyFacts.SameSiteUnspecified;
                _minimumSameSite = _minimumSameSite is null ? forced : Math.Min(_minimumSameSite.Value, forced);
                break;
        }
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
                    var weakest = constants.All(static c => c is int) ? constants.Min(static c => (int)c!) : CookiePolicyFacts.SameSiteUnspecified;
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
}
