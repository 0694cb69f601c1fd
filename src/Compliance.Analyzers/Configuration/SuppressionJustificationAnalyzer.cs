using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Configuration;

/// <summary>
/// CMP9002: compliance rules switched off without a written reason — <c>#pragma warning disable CMPxxxx</c>
/// with no comment on the line, <c>[SuppressMessage(…, "CMPxxxx")]</c> with no <c>Justification</c>,
/// and <c>dotnet_diagnostic.CMPxxxx.severity = none</c> (or a <c>NoWarn</c>) without a companion
/// <c>dotnet_diagnostic.CMPxxxx.justification = …</c> key. Analyzers cannot see comments in
/// configuration files, so the justification of a configuration suppression is a key of its own.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SuppressionJustificationAnalyzer : ComplianceAnalyzer
{
    public SuppressionJustificationAnalyzer()
        : base(Descriptors.UnjustifiedSuppression)
    {
    }

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        context.RegisterSyntaxTreeAction(AnalyzePragmas);
        context.RegisterSyntaxNodeAction(AnalyzeAttribute, SyntaxKind.Attribute);
        context.RegisterCompilationEndAction(AnalyzeConfiguration);
    }

    private static void AnalyzePragmas(SyntaxTreeAnalysisContext context)
    {
        foreach (var pragma in Suppressions.Pragmas(context.Tree, context.CancellationToken))
        {
            if (pragma.Justification is null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.UnjustifiedSuppression,
                    pragma.Location,
                    $"'#pragma warning disable {string.Join(", ", pragma.RuleIds)}' has no justification; add a comment on the same line that says why"));
            }
        }
    }

    private static void AnalyzeAttribute(SyntaxNodeAnalysisContext context)
    {
        if (Suppressions.FromAttribute((AttributeSyntax)context.Node, context.SemanticModel, context.CancellationToken) is { Justification: null } suppression)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnjustifiedSuppression,
                suppression.Location,
                $"[SuppressMessage] for {suppression.RuleIds[0]} has no Justification; say why the control does not apply"));
        }
    }

    private static void AnalyzeConfiguration(CompilationAnalysisContext context)
    {
        foreach (var suppression in Suppressions.Configuration(context.Compilation, context.Options, context.CancellationToken))
        {
            if (suppression.Justification is null)
            {
                var id = suppression.RuleIds[0];
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.UnjustifiedSuppression,
                    Location.None,
                    $"{id} is turned off {suppression.Where} without a justification; add '{Suppressions.JustificationKey(id)} = <why>' next to its severity"));
            }
        }
    }
}
