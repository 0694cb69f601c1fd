using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Compliance.Analyzers.Tests.Verifiers;

/// <summary>
/// The project every analyzer and code-fix test compiles, shared by both verifiers' <c>Test</c>
/// classes: a nullable-enabled library on the latest language version, referencing a
/// <see cref="ReferenceSet"/>, with the test's editorconfig and globalconfig lines.
/// </summary>
internal static class TestProject
{
    /// <summary>Where the editorconfig goes: above the project folder (/0/), so it applies to every source and additional file.</summary>
    public const string EditorConfigPath = "/.editorconfig";

    public const string GlobalConfigPath = "/.globalconfig";

    /// <summary>Application code is written with nullable annotations on, and some rules read them.</summary>
    public static CompilationOptions CompilationOptions { get; } = new CSharpCompilationOptions(
        OutputKind.DynamicallyLinkedLibrary,
        allowUnsafe: true,
        nullableContextOptions: NullableContextOptions.Enable);

    public static ParseOptions ParseOptions { get; } = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>Adds the references of <paramref name="references"/> and the configuration files to the test state.</summary>
    public static void Complete(SolutionState state, ReferenceSet references, string? editorConfig, string? globalConfig)
    {
        state.AdditionalReferences.AddRange(TestReferences.For(references));
        if (editorConfig is not null)
        {
            state.AnalyzerConfigFiles.Add((EditorConfigPath, SourceText.From("root = true\n\n[*]\n" + editorConfig + "\n")));
        }

        if (globalConfig is not null)
        {
            state.AnalyzerConfigFiles.Add((GlobalConfigPath, SourceText.From("is_global = true\n" + globalConfig + "\n")));
        }
    }
}
