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

    private static readonly string[] SuppressMessageName = { "SuppressMessage" };

    public SuppressionJustificationAnalyzer()
        : base(Descriptors.UnjustifiedSuppression)
    {
    }

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        context.RegisterSyntaxTreeAction(AnalyzePragmas);

        // One pass per file that names SuppressMessage rather than a syntax node action, which was
        // called for every attribute of the compilation; most files have no suppression at all.
        var generatedCode = context.Compilation.GetTypeByMetadataName("System.CodeDom.Compiler.GeneratedCodeAttribute");
        context.RegisterSemanticModelAction(c => AnalyzeAttributes(c, generatedCode));
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

    /// <summary>
    /// The attributes of one file. The rule matches the attribute by the name as written, so a
    /// file whose text does not contain <c>SuppressMessage</c> has none to report and is not walked.
    /// </summary>
    private static void AnalyzeAttributes(SemanticModelAnalysisContext context, INamedTypeSymbol? generatedCode)
    {
        var tree = context.SemanticModel.SyntaxTree;
        if (!SourceTextSearch.MentionsAny(tree, SuppressMessageName))
        {
            return;
        }

        foreach (var node in tree.GetRoot(context.CancellationToken).DescendantNodes())
        {
            if (node is AttributeSyntax attribute)
            {
                AnalyzeAttribute(attribute, context, generatedCode);
            }
        }
    }

    private static void AnalyzeAttribute(AttributeSyntax attribute, SemanticModelAnalysisContext context, INamedTypeSymbol? generatedCode)
    {
        var model = context.SemanticModel;
        if (attribute.ArgumentList is not { Arguments.Count: >= 2 } arguments
            || !attribute.Name.ToString().EndsWith("SuppressMessage", StringComparison.Ordinal) && !attribute.Name.ToString().EndsWith("SuppressMessageAttribute", StringComparison.Ordinal)
            || model.GetConstantValue(arguments.Arguments[1].Expression, context.CancellationToken) is not { HasValue: true, Value: string checkId }
            || !checkId.StartsWith("CMP", StringComparison.OrdinalIgnoreCase)
            || model.GetTypeInfo(attribute, context.CancellationToken).Type?.ToDisplayString() != "System.Diagnostics.CodeAnalysis.SuppressMessageAttribute")
        {
            return;
        }

        var justification = arguments.Arguments
            .Where(static a => a.NameEquals?.Name.Identifier.ValueText == "Justification")
            .Select(a => model.GetConstantValue(a.Expression, context.CancellationToken))
            .FirstOrDefault();
        if ((justification is not { HasValue: true, Value: string text } || string.IsNullOrWhiteSpace(text) || text.Trim() == "<Pending>")
            && !InGeneratedCode(attribute, model, generatedCode, context.CancellationToken))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnjustifiedSuppression,
                attribute.GetLocation(),
                $"[SuppressMessage] for {checkId.Split(':')[0]} has no Justification; say why the control does not apply"));
        }
    }

    /// <summary>
    /// True inside a declaration marked <c>[GeneratedCode]</c> (or nested in one). The syntax node
    /// action this pass replaces was never run there (the rules do not analyse generated code), and
    /// a per-file pass sees every attribute, so it skips those itself. Asked only for an attribute
    /// about to be reported.
    /// </summary>
    private static bool InGeneratedCode(AttributeSyntax attribute, SemanticModel model, INamedTypeSymbol? generatedCode, CancellationToken cancellationToken)
    {
        if (generatedCode is null)
        {
            return false;
        }

        foreach (var ancestor in attribute.Ancestors())
        {
            var symbol = ancestor switch
            {
                BaseFieldDeclarationSyntax field => field.Declaration.Variables.Count > 0 ? model.GetDeclaredSymbol(field.Declaration.Variables[0], cancellationToken) : null,
                MemberDeclarationSyntax member and not BaseNamespaceDeclarationSyntax => model.GetDeclaredSymbol(member, cancellationToken),
                LocalFunctionStatementSyntax local => model.GetDeclaredSymbol(local, cancellationToken),
                _ => null,
            };
            if (symbol is null)
            {
                continue;
            }

            foreach (var data in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, generatedCode))
                {
                    return true;
                }
            }
        }

        return false;
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
