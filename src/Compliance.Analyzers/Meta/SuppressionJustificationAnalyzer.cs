using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Meta;

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
            if (node is AttributeSyntax attribute
                && Suppressions.FromAttribute(attribute, context.SemanticModel, context.CancellationToken) is { Justification: null } suppression
                && !InGeneratedCode(attribute, context.SemanticModel, generatedCode, context.CancellationToken))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.UnjustifiedSuppression,
                    suppression.Location,
                    $"[SuppressMessage] for {suppression.RuleIds[0]} has no Justification; say why the control does not apply"));
            }
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
