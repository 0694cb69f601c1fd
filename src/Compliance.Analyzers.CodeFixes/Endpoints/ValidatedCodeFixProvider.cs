using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Compliance.Analyzers.CodeFixes.Endpoints;

/// <summary>Fixes CMP3004 with <c>[Validated]</c> on the action or page model, or <c>.Validated()</c> on the Map call.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ValidatedCodeFixProvider)), Shared]
public sealed class ValidatedCodeFixProvider : EndpointControlCodeFixProvider
{
    public const string AddValidatedKey = RuleIds.EndpointInputNotValidated + ".AddValidated";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.EndpointInputNotValidated);

    protected override string AttributeTitle => "[Validated]";

    protected override string AttributeMetadataName => "Compliance.Runtime.ValidatedAttribute";

    protected override string ConventionName => "Validated";

    protected override string EquivalenceKey => AddValidatedKey;
}
