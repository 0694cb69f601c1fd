using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Tests.Verifiers;

/// <summary>
/// Analyzer verification on the Roslyn SDK's test framework, configured for this project (see
/// <see cref="TestProject"/>): <c>VerifyCS.Diagnostic(...)</c> and <c>VerifyCS.VerifyAnalyzerAsync(...)</c>.
/// </summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic() => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic();

    public static DiagnosticResult Diagnostic(string diagnosticId) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(diagnosticId);

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(descriptor);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>The SDK's analyzer test with this project's references, options and configuration files.</summary>
    public class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        private bool _completed;

        public Test()
        {
            ReferenceAssemblies = TestReferences.NoPackages;
        }

        public ReferenceSet ReferenceSet { get; set; } = ReferenceSet.AspNetCoreWithRuntime;

        /// <summary>Lines placed under <c>[*]</c> of the project's <c>/.editorconfig</c>.</summary>
        public string? EditorConfig { get; set; }

        /// <summary>Lines of the project's <c>/.globalconfig</c> (<c>is_global = true</c> is added).</summary>
        public string? GlobalConfig { get; set; }

        /// <summary>The output kind of the test project (a library unless set; top-level statements need an application).</summary>
        public OutputKind OutputKind
        {
            get => TestState.OutputKind ?? OutputKind.DynamicallyLinkedLibrary;
            set => TestState.OutputKind = value;
        }

        protected override CompilationOptions CreateCompilationOptions() => TestProject.CompilationOptions;

        protected override ParseOptions CreateParseOptions() => TestProject.ParseOptions;

        protected override Task RunImplAsync(CancellationToken cancellationToken)
        {
            if (!_completed)
            {
                TestProject.Complete(TestState, ReferenceSet, EditorConfig, GlobalConfig);
                _completed = true;
            }

            return base.RunImplAsync(cancellationToken);
        }
    }
}
