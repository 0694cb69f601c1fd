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
/// Fixes CMP3002 with <c>[RateLimited(RateLimitTier.Standard)]</c> or
/// <c>.RateLimited(RateLimitTier.Standard)</c>. Not offered when <c>[DisableRateLimiting]</c> is the
/// cause: it would still win over the added tier.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RateLimitedCodeFixProvider)), Shared]
public sealed class RateLimitedCodeFixProvider : EndpointControlCodeFixProvider
{
    public const string AddRateLimitedKey = RuleIds.EndpointWithoutRateLimit + ".AddRateLimited";

    internal const string RateLimitTier = "Compliance.Runtime.RateLimitTier";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.EndpointWithoutRateLimit);

    protected override string AttributeTitle => "[RateLimited(RateLimitTier.Standard)]";

    protected override string AttributeMetadataName => "Compliance.Runtime.RateLimitedAttribute";

    protected override string ConventionName => "RateLimited";

    protected override string EquivalenceKey => AddRateLimitedKey;

    protected override bool CanFix(Diagnostic diagnostic)
        => base.CanFix(diagnostic) && !diagnostic.Properties.ContainsKey(EndpointRateLimitAnalyzer.DisabledProperty);

    private protected override IEnumerable<AttributeArgumentSyntax> AttributeArguments(Diagnostic diagnostic)
    {
        yield return SyntaxFactory.AttributeArgument(ExpressionFactory.StaticMember(RateLimitTier, "Standard"));
    }

    private protected override IEnumerable<ArgumentSyntax> ConventionArguments(Diagnostic diagnostic)
    {
        yield return SyntaxFactory.Argument(ExpressionFactory.StaticMember(RateLimitTier, "Standard"));
    }
}
