using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Compliance.Analyzers.Tests.Verifiers;

/// <summary>
/// Code-fix verification on the Roslyn SDK's test framework, configured for this project (see
/// <see cref="TestProject"/>): the fix is applied one diagnostic at a time and with Fix All in
/// document, project and solution scope, and every produced tree must match its reparsed text.
/// </summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic() => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic();

    public static DiagnosticResult Diagnostic(string diagnosticId) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(diagnosticId);

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(descriptor);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task VerifyCodeFixAsync(string source, string fixedSource)
        => VerifyCodeFixAsync(source, [], fixedSource);

    public static Task VerifyCodeFixAsync(string source, DiagnosticResult expected, string fixedSource)
        => VerifyCodeFixAsync(source, [expected], fixedSource);

    public static Task VerifyCodeFixAsync(string source, DiagnosticResult[] expected, string fixedSource)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>The SDK's code-fix test with this project's references, options and configuration files.</summary>
    public class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
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

        protected override async Task RunImplAsync(CancellationToken cancellationToken)
        {
            if (!_completed)
            {
                TestProject.Complete(TestState, ReferenceSet, EditorConfig, GlobalConfig);
                if (FixesDeclaredCompilationEndDiagnostics())
                {
                    CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
                }

                if (LineEndingMode.IsCrlf)
                {
                    // The SDK compares fixed documents exactly, so a bare "\n" inserted into a CRLF file fails.
                    foreach (var sources in new[] { TestState.Sources, FixedState.Sources, BatchFixedState.Sources })
                    {
                        for (var i = 0; i < sources.Count; i++)
                        {
                            var (path, text) = sources[i];
                            sources[i] = (path, SourceText.From(LineEndingMode.ToCrlf(text.ToString()), text.Encoding, text.ChecksumAlgorithm));
                        }
                    }
                }

                _completed = true;
            }

            await base.RunImplAsync(cancellationToken);
            if (FixedState.Sources.Count > 0)
            {
                LineEndingMode.RecordVerified(typeof(TCodeFix));
            }
        }

        /// <summary>
        /// True when the analyzer declares one of the fix's ids as a compilation-end diagnostic
        /// (<see cref="WellKnownDiagnosticTags.CompilationEnd"/>): a whole-program fact such as "no
        /// pipeline adds HSTS", which the IDE lists but offers no light bulb for, and which
        /// <c>dotnet format</c> fixes. The framework fails any fix of a non-local diagnostic; for
        /// these rules that is the design, so the check is skipped. A diagnostic that is non-local
        /// without being declared so (reported from one type's action at another type's
        /// declaration) still fails the test.
        /// </summary>
        private static bool FixesDeclaredCompilationEndDiagnostics()
        {
            var fixable = new TCodeFix().FixableDiagnosticIds;
            return new TAnalyzer().SupportedDiagnostics.Any(d => fixable.Contains(d.Id) && d.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd));
        }
    }
}
