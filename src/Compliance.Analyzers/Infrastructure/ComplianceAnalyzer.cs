using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// Base class of every compliance analyzer. It fixes the choices every rule must make the same
/// way (concurrent execution, no diagnostics in generated code), resolves the compilation's
/// <see cref="KnownTypes"/> once, and skips compilations that cannot contain what the rule looks
/// for, before any per-node work is registered.
/// </summary>
public abstract class ComplianceAnalyzer : DiagnosticAnalyzer
{
    private readonly ImmutableArray<DiagnosticDescriptor> _supportedDiagnostics;

    protected ComplianceAnalyzer(params DiagnosticDescriptor[] descriptors)
    {
        _supportedDiagnostics = ImmutableArray.Create(descriptors);
    }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => _supportedDiagnostics;

    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var knownTypes = KnownTypes.For(start.Compilation);
            if (ShouldAnalyze(knownTypes))
            {
                OnCompilationStart(start, knownTypes);
            }
        });
    }

    /// <summary>
    /// Early exit: return false when the compilation references nothing this rule inspects
    /// (for example no ASP.NET Core), so the rule registers no actions at all.
    /// </summary>
    protected virtual bool ShouldAnalyze(KnownTypes knownTypes) => true;

    protected abstract void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes);
}
