using System.Collections.Immutable;
using System.Composition;
using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compliance.Analyzers.CodeFixes.Endpoints;

/// <summary>
/// Fixes CMP3003 by putting the endpoint on the tier it needs: an existing <c>[RateLimited]</c> on
/// the action (or <c>.RateLimited(…)</c> on the Map call) gets the new tier; otherwise one is added,
/// which, being nearest, wins over a class or group tier.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AuthenticationTierCodeFixProvider)), Shared]
public sealed class AuthenticationTierCodeFixProvider : EndpointControlCodeFixProvider
{
    public const string UseAuthenticationTierKey = RuleIds.AuthenticationEndpointNotOnAuthenticationTier + ".UseAuthenticationTier";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AuthenticationEndpointNotOnAuthenticationTier);

    protected override string AttributeTitle => "[RateLimited(RateLimitTier.Authentication)]";

    protected override string AttributeMetadataName => "Compliance.Runtime.RateLimitedAttribute";

    protected override string ConventionName => "RateLimited";

    protected override string EquivalenceKey => UseAuthenticationTierKey;

    protected override bool ReplacesExisting => true;

    protected override void RegisterFixes(CodeFixContext context, Diagnostic diagnostic)
    {
        var tier = Tier(diagnostic);
        var title = Target(diagnostic) == FixTargets.Invocation ? $"Use .RateLimited(RateLimitTier.{tier})" : $"Use [RateLimited(RateLimitTier.{tier})]";
        context.RegisterCodeFix(
            ComplianceCodeAction.Create(title, context.Document, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), null, ct), EquivalenceKey),
            diagnostic);
    }

    private protected override IEnumerable<AttributeArgumentSyntax> AttributeArguments(Diagnostic diagnostic)
    {
        yield return SyntaxFactory.AttributeArgument(ExpressionFactory.StaticMember(RateLimitedCodeFixProvider.RateLimitTier, Tier(diagnostic)));
    }

    private protected override IEnumerable<ArgumentSyntax> ConventionArguments(Diagnostic diagnostic)
    {
        yield return SyntaxFactory.Argument(ExpressionFactory.StaticMember(RateLimitedCodeFixProvider.RateLimitTier, Tier(diagnostic)));
    }

    private static string Tier(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(EndpointAnalyzer.TierProperty, out var tier) && tier is "PasswordReset" ? "PasswordReset" : "Authentication";
}
