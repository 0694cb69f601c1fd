using System.Collections.Immutable;
using System.Reflection;
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
    private static readonly Lazy<ImmutableArray<string>> RuleIdentifiers = new(static () => typeof(RuleIds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(static f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(static f => (string)f.GetRawConstantValue()!)
        .Where(static id => id != RuleIds.UnjustifiedSuppression)
        .OrderBy(static id => id, StringComparer.Ordinal)
        .ToImmutableArray());

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
        var root = context.Tree.GetRoot(context.CancellationToken);
        if (!root.ContainsDirectives)
        {
            return;
        }

        // Walking directive to directive skips every subtree without one, unlike a trivia scan.
        for (var next = root.GetFirstDirective(); next is not null; next = next.GetNextDirective())
        {
            if (next is not PragmaWarningDirectiveTriviaSyntax directive || !directive.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword))
            {
                continue;
            }

            var ids = directive.ErrorCodes.Select(static c => c.ToString().Trim()).Where(static id => id.StartsWith("CMP", StringComparison.OrdinalIgnoreCase)).ToList();
            var justified = directive.DescendantTrivia().Any(static t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia));
            if (ids.Count > 0 && !justified)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.UnjustifiedSuppression,
                    directive.GetLocation(),
                    $"'#pragma warning disable {string.Join(", ", ids)}' has no justification; add a comment on the same line that says why"));
            }
        }
    }

    private static void AnalyzeAttribute(SyntaxNodeAnalysisContext context)
    {
        var attribute = (AttributeSyntax)context.Node;
        if (attribute.ArgumentList is not { Arguments.Count: >= 2 } arguments
            || !attribute.Name.ToString().EndsWith("SuppressMessage", StringComparison.Ordinal) && !attribute.Name.ToString().EndsWith("SuppressMessageAttribute", StringComparison.Ordinal)
            || context.SemanticModel.GetConstantValue(arguments.Arguments[1].Expression, context.CancellationToken) is not { HasValue: true, Value: string checkId }
            || !checkId.StartsWith("CMP", StringComparison.OrdinalIgnoreCase)
            || context.SemanticModel.GetTypeInfo(attribute, context.CancellationToken).Type?.ToDisplayString() != "System.Diagnostics.CodeAnalysis.SuppressMessageAttribute")
        {
            return;
        }

        var justification = arguments.Arguments
            .Where(static a => a.NameEquals?.Name.Identifier.ValueText == "Justification")
            .Select(a => context.SemanticModel.GetConstantValue(a.Expression, context.CancellationToken))
            .FirstOrDefault();
        if (justification is not { HasValue: true, Value: string text } || string.IsNullOrWhiteSpace(text) || text.Trim() == "<Pending>")
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnjustifiedSuppression,
                attribute.GetLocation(),
                $"[SuppressMessage] for {checkId.Split(':')[0]} has no Justification; say why the control does not apply"));
        }
    }

    private static void AnalyzeConfiguration(CompilationAnalysisContext context)
    {
        var compilation = context.Compilation;
        var provider = context.Options.AnalyzerConfigOptionsProvider;
        foreach (var id in RuleIdentifiers.Value)
        {
            string? where = null;
            AnalyzerConfigOptions? options = null;
            if (compilation.Options.SpecificDiagnosticOptions.TryGetValue(id, out var fromProject) && fromProject == ReportDiagnostic.Suppress)
            {
                where = "in the project (NoWarn or a rule set)";
                options = provider.GlobalOptions;
            }
            else if (compilation.Options.SyntaxTreeOptionsProvider is { } treeOptions)
            {
                if (treeOptions.TryGetGlobalDiagnosticValue(id, context.CancellationToken, out var global) && global == ReportDiagnostic.Suppress)
                {
                    where = "in a global configuration file";
                    options = provider.GlobalOptions;
                }
                else
                {
                    foreach (var tree in compilation.SyntaxTrees)
                    {
                        if (treeOptions.TryGetDiagnosticValue(tree, id, context.CancellationToken, out var local) && local == ReportDiagnostic.Suppress)
                        {
                            where = "in an .editorconfig";
                            options = provider.GetOptions(tree);
                            break;
                        }
                    }
                }
            }

            if (where is null || options is null)
            {
                continue;
            }

            var key = "dotnet_diagnostic." + id + ".justification";
            if ((!options.TryGetValue(key, out var reason) || string.IsNullOrWhiteSpace(reason))
                && (!provider.GlobalOptions.TryGetValue(key, out reason) || string.IsNullOrWhiteSpace(reason)))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.UnjustifiedSuppression,
                    Location.None,
                    $"{id} is turned off {where} without a justification; add '{key} = <why>' next to its severity"));
            }
        }
    }
}
