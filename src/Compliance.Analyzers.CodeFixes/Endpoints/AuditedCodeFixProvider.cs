using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Compliance.Analyzers.CodeFixes.Endpoints;

/// <summary>Fixes CMP3001 with <c>[Audited]</c> on the action or page model, or <c>.Audited()</c> on the Map call.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AuditedCodeFixProvider)), Shared]
public sealed class AuditedCodeFixProvider : EndpointControlCodeFixProvider
{
    public const string AddAuditedKey = RuleIds.PhiEndpointNotAudited + ".AddAudited";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PhiEndpointNotAudited);

    protected override string AttributeTitle => "[Audited]";

    protected override string AttributeMetadataName => "Compliance.Runtime.AuditedAttribute";

    protected override string ConventionName => "Audited";

    protected override string EquivalenceKey => AddAuditedKey;
}
