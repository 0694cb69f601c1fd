using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Classification;
using Compliance.Analyzers.Infrastructure.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Endpoints;

/// <summary>
/// Base of the endpoint rules: finds endpoints through the shared <see cref="EndpointModel"/> from a
/// symbol action (controllers, page models) and an operation block action (minimal APIs), so each rule
/// only decides, endpoint by endpoint, whether to report.
/// </summary>
public abstract class EndpointAnalyzer : ComplianceAnalyzer
{
    /// <summary>Diagnostic property: where a fix should put the control (<see cref="FixTargets"/>).</summary>
    public const string FixTargetProperty = "FixTarget";

    /// <summary>Diagnostic property: the tier CMP3003 asks for.</summary>
    public const string TierProperty = "Tier";

    protected EndpointAnalyzer(params DiagnosticDescriptor[] descriptors)
        : base(descriptors)
    {
    }

    protected sealed override bool ShouldAnalyze(KnownTypes knownTypes) => knownTypes.HasAspNetCore;

    protected sealed override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        // Asked before the shared endpoint model is touched, so a rule that cannot fire leaves it
        // to the rules that can (or unbuilt when none can).
        if (!CanReport(context.Compilation, context.Options))
        {
            return;
        }

        var model = EndpointModel.For(context.Compilation);
        if (!model.HasEndpoints)
        {
            return;
        }

        var state = CreateCompilationState(context.Compilation);
        context.RegisterSymbolAction(
            c =>
            {
                foreach (var endpoint in model.EndpointsOf((INamedTypeSymbol)c.Symbol))
                {
                    Analyze(endpoint, new EndpointContext(model, c.Options, endpoint, c.ReportDiagnostic, state, c.CancellationToken));
                }
            },
            SymbolKind.NamedType);
        // Minimal APIs by operation block, not by invocation: the driver would otherwise hand every
        // call of the application to each of the eight endpoint rules, and a dispatch costs more
        // than the name test that rejects it. The shared model walks each block once for all rules.
        context.RegisterOperationBlockAction(
            c =>
            {
                foreach (var block in c.OperationBlocks)
                {
                    foreach (var endpoint in model.MinimalEndpointsIn(block))
                    {
                        Analyze(endpoint, new EndpointContext(model, c.Options, endpoint, c.ReportDiagnostic, state, c.CancellationToken));
                    }
                }
            });
        if (state is not null)
        {
            context.RegisterCompilationEndAction(c => OnCompilationEnd(c, state));
        }
    }

    /// <summary>
    /// Early exit with the options at hand: false when nothing in the compilation could make the
    /// rule report, so it registers no actions and never asks the endpoint model for endpoints.
    /// </summary>
    protected virtual bool CanReport(Compilation compilation, AnalyzerOptions options) => true;

    /// <summary>
    /// The state a rule that judges the application's endpoints together keeps for one compilation
    /// (handed to <see cref="Analyze"/> as <see cref="EndpointContext.CompilationState"/>); null, the
    /// default, for rules that judge each endpoint alone.
    /// </summary>
    protected virtual object? CreateCompilationState(Compilation compilation) => null;

    /// <summary>Runs once every endpoint of the compilation has been analyzed, for rules that keep a compilation state.</summary>
    protected virtual void OnCompilationEnd(CompilationAnalysisContext context, object state)
    {
    }

    protected abstract void Analyze(EndpointInfo endpoint, EndpointContext context);

    /// <summary>The fix target for a control that belongs on the endpoint itself.</summary>
    protected static string FixTargetOf(EndpointInfo endpoint) => endpoint.Kind switch
    {
        EndpointKind.MinimalApi => FixTargets.Invocation,
        EndpointKind.RazorPage => FixTargets.Class,
        _ when endpoint.IsInherited => FixTargets.Class,
        _ => FixTargets.Method,
    };
}

/// <summary>Values of <see cref="EndpointAnalyzer.FixTargetProperty"/>.</summary>
public static class FixTargets
{
    /// <summary>An attribute on the action method.</summary>
    public const string Method = "Method";

    /// <summary>An attribute on the controller or page model class (Razor Pages read attributes from the class only).</summary>
    public const string Class = "Class";

    /// <summary>A convention appended to the <c>Map…</c> call.</summary>
    public const string Invocation = "Invocation";

    /// <summary>No automatic fix.</summary>
    public const string None = "None";
}

/// <summary>What a rule needs while evaluating one endpoint.</summary>
public readonly struct EndpointContext
{
    private readonly Action<Diagnostic> _report;

    internal EndpointContext(EndpointModel model, AnalyzerOptions options, EndpointInfo endpoint, Action<Diagnostic> report, object? compilationState, CancellationToken cancellationToken)
    {
        Model = model;
        CompilationState = compilationState;
        Options = options;
        _report = report;
        CancellationToken = cancellationToken;
        Tree = endpoint.Location.SourceTree;
    }

    internal EndpointModel Model { get; }

    public AnalyzerOptions Options { get; }

    /// <summary>What <see cref="EndpointAnalyzer.CreateCompilationState"/> returned for this compilation.</summary>
    public object? CompilationState { get; }

    public CancellationToken CancellationToken { get; }

    private SyntaxTree? Tree { get; }

    internal GlobalEndpointPolicy Global => Model.Global;

    /// <summary>Why the endpoint handles PHI/PII (for messages), or null when it does not.</summary>
    internal string? PhiReason(EndpointInfo endpoint)
        => PhiEndpoints.Describe(endpoint, ClassificationModel.For(Model.Symbols.Compilation, Options));

    /// <summary>An option's value for the file that declares the endpoint.</summary>
    public T Option<T>(OptionDefinition<T> option)
        => Tree is null ? option.DefaultValue : option.Get(Options, Tree);

    public void Report(DiagnosticDescriptor descriptor, EndpointInfo endpoint, string fixTarget, ImmutableDictionary<string, string?>? properties, params object[] arguments)
    {
        var bag = (properties ?? ImmutableDictionary<string, string?>.Empty).SetItem(EndpointAnalyzer.FixTargetProperty, fixTarget);
        _report(Diagnostic.Create(descriptor, endpoint.Location, bag, arguments));
    }
}
