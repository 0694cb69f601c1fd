using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Overhead;

/// <summary>
/// An analyzer that asks for every method body's operation tree and does nothing with it: what
/// the analyzer driver costs any rule built on IOperation (ours and the peer's), measured so the
/// end-to-end figures can be read against it.
/// </summary>
/// <remarks>Never loaded by a compiler: the harness hands it to CompilationWithAnalyzers, so it carries no [DiagnosticAnalyzer] export.</remarks>
#pragma warning disable RS1001 // Not exported: created by the harness itself.
internal sealed class OperationTreeFloor : DiagnosticAnalyzer
#pragma warning restore RS1001
{
#pragma warning disable RS2008 // A benchmark's descriptor that is never reported or shipped needs no release tracking.
    private static readonly DiagnosticDescriptor Unused = new("FLOOR1", "Unused", "Unused", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
#pragma warning restore RS2008

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Unused);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationBlockAction(static _ => { });
    }
}
