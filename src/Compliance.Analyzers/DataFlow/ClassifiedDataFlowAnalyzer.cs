using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Classification;
using Compliance.Analyzers.Infrastructure.DataFlow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.DataFlow;

/// <summary>
/// CMP2001–CMP2005: classified data reaching logs, exception messages, telemetry, URLs, headers
/// and cookies, and objects holding classified data logged whole. One analyzer reports the five
/// rules so the data-flow engine runs once per method body; each sink family keeps its own id so
/// teams can tune them separately.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClassifiedDataFlowAnalyzer : ComplianceAnalyzer
{
    /// <summary>Diagnostic property with the sink family, for the code fixes.</summary>
    internal const string SinkKindKey = "SinkKind";

    public ClassifiedDataFlowAnalyzer()
        : base(
            Descriptors.ClassifiedDataInLog,
            Descriptors.ClassifiedDataInException,
            Descriptors.ClassifiedDataInTelemetry,
            Descriptors.ClassifiedDataInUrlHeaderOrCookie,
            Descriptors.ClassifiedObjectLoggedWhole)
    {
    }

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        if (!ClassificationModel.For(context.Compilation, context.Options).CanClassify)
        {
            return;
        }

        var engine = DataFlowEngine.For(context.Compilation, context.Options);
        context.RegisterOperationBlockAction(c => AnalyzeBlocks(c, engine));
    }

    private static void AnalyzeBlocks(OperationBlockAnalysisContext context, DataFlowEngine engine)
    {
        if (context.OwningSymbol is not IMethodSymbol owner)
        {
            return;
        }

        var roots = new HashSet<IOperation>();
        foreach (var block in context.OperationBlocks)
        {
            // The driver hands out the body block; its graph is built for the root (the method body).
            var root = block;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            if (root is not (IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation) || !roots.Add(root))
            {
                continue;
            }

            if (!engine.MayTouchClassifiedData(root.Syntax))
            {
                continue;
            }

            var graph = engine.MayReachSink(root, owner, context.CancellationToken)
                ? engine.GraphOf(owner, () => context.GetControlFlowGraph(block))
                : null;
#if DEBUG
            // The screen must never rule out a body the analysis reports on; the test suite runs
            // Debug builds, so every test checks that.
            if (graph is null && !engine.Analyze(context.GetControlFlowGraph(block), owner, context.CancellationToken).IsEmpty)
            {
                throw new InvalidOperationException("The data-flow screen ruled out " + owner.ToDisplayString() + ", which the analysis reports on.");
            }
#endif
            if (graph is null)
            {
                continue;
            }

            var reported = new HashSet<(Location, string)>();
            foreach (var hit in engine.Analyze(graph, owner, context.CancellationToken))
            {
                var descriptor = DescriptorFor(hit);
                var location = hit.Location;
                if (!reported.Add((location, descriptor.Id)))
                {
                    continue;
                }

                var through = hit.Through is null ? string.Empty : " through " + hit.Through;
                var properties = ImmutableDictionary<string, string?>.Empty.Add(SinkKindKey, hit.Kind.ToString());
                context.ReportDiagnostic(Diagnostic.Create(descriptor, location, hit.Path, properties, hit.Source.Description, hit.SinkName, through));
            }
        }
    }

    private static DiagnosticDescriptor DescriptorFor(SinkHit hit) => hit.Kind switch
    {
        SinkKind.Log when hit.Source.Kind == TaintSourceKind.WholeObject => Descriptors.ClassifiedObjectLoggedWhole,
        SinkKind.Log => Descriptors.ClassifiedDataInLog,
        SinkKind.Exception => Descriptors.ClassifiedDataInException,
        SinkKind.Telemetry => Descriptors.ClassifiedDataInTelemetry,
        _ => Descriptors.ClassifiedDataInUrlHeaderOrCookie,
    };
}
