using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure.DataFlow;
using Compliance.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Tests.DataFlow;

/// <summary>
/// The engine is shared by every analysis of a compilation; what one cancelled analysis leaves
/// behind must not fail the next one (the IDE cancels analyses on every keystroke).
/// </summary>
public sealed class DataFlowEngineCacheTests
{
    private const string Source = """
        using Microsoft.Extensions.Logging;

        public sealed class Audit
        {
            public static void Write(ILogger logger, string value) => logger.LogInformation("Value {Value}", value);
        }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SummaryCancelledByOneCaller_IsComputedForTheNext(bool screening)
    {
        var compilation = CSharpCompilation.Create(
            "Cancelled",
            new[] { CSharpSyntaxTree.ParseText(Source) },
            TestReferences.For(ReferenceSet.AspNetCoreWithRuntime),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var engine = DataFlowEngine.For(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty));
        var write = (IMethodSymbol)compilation.GetTypeByMetadataName("Audit")!.GetMembers("Write").Single();

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => engine.GetSummary(write, depth: 3, hasTaintedArguments: true, resultUsed: true, screening, cancelled.Token));

        var summary = engine.GetSummary(write, depth: 3, hasTaintedArguments: true, resultUsed: true, screening, CancellationToken.None);
        Assert.Contains(summary.ParameterSinks, sink => sink.Ordinal == 1);
    }
}
