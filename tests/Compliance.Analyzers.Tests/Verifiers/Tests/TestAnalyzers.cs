using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Compliance.Analyzers.Tests.Verifiers.Tests;

// Test doubles for the verifier layer's own tests: they are only ever run in-process by the verifier,
// never loaded by a compiler, so the rules for shipped compiler extensions do not apply.
#pragma warning disable RS1036, RS1038, RS1041, RS2008

/// <summary>Reports every class named "Bad" (TST0001), with the class name as argument.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BadClassAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new("TST0001", "Bad class", "Class '{0}' is bad", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSymbolAction(
            static c =>
            {
                if (c.Symbol.Name.StartsWith("Bad", StringComparison.Ordinal))
                {
                    c.ReportDiagnostic(Diagnostic.Create(Rule, c.Symbol.Locations[0], c.Symbol.Name));
                }
            },
            SymbolKind.NamedType);
    }
}

/// <summary>
/// Renames "Bad…" classes to "Good…" (one class per fix); a second action also puts a comment line
/// above the class, ended by a bare "\n" whatever the file's line endings.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameBadClassFix)), Shared]
public sealed class RenameBadClassFix : CodeFixProvider
{
    public const string RenameKey = "TST0001.Rename";
    public const string RenameWithCommentKey = "TST0001.RenameWithComment";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("TST0001");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken);
        var declaration = root!.FindToken(context.Span.Start).Parent!.FirstAncestorOrSelf<ClassDeclarationSyntax>()!;
        var name = declaration.Identifier.ValueText;
        context.RegisterCodeFix(
            CodeAction.Create("Rename", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceToken(declaration.Identifier, SyntaxFactory.Identifier("Good" + name[3..]).WithTriviaFrom(declaration.Identifier)))), RenameKey),
            context.Diagnostics);
        var renamed = declaration.WithIdentifier(SyntaxFactory.Identifier("Good" + name[3..]).WithTriviaFrom(declaration.Identifier));
        var commented = renamed.WithLeadingTrivia(renamed.GetLeadingTrivia().Add(SyntaxFactory.Comment("// renamed")).Add(SyntaxFactory.LineFeed));
        context.RegisterCodeFix(
            CodeAction.Create("Rename with a comment", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(declaration, commented))), RenameWithCommentKey),
            context.Diagnostics);
    }
}

/// <summary>Throws on every class, to prove AD0001 fails a test.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThrowingAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(BadClassAnalyzer.Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSymbolAction(static _ => throw new InvalidOperationException("boom"), SymbolKind.NamedType);
    }
}

/// <summary>Reports an editorconfig value on every .json additional file containing "secret" (TST0002).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AdditionalFileAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new("TST0002", "Secret", "Found '{0}' with option '{1}'", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterAdditionalFileAction(static c =>
        {
            var text = c.AdditionalFile.GetText(c.CancellationToken)!;
            var index = text.ToString().IndexOf("secret", StringComparison.Ordinal);
            if (index < 0)
            {
                return;
            }

            c.Options.AnalyzerConfigOptionsProvider.GetOptions(c.AdditionalFile).TryGetValue("test.option", out var option);
            var span = new TextSpan(index, "secret".Length);
            var location = Location.Create(c.AdditionalFile.Path, span, text.Lines.GetLinePositionSpan(span));
            c.ReportDiagnostic(Diagnostic.Create(Rule, location, "secret", option ?? "unset"));
        });
    }
}
