using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Classification;
using Compliance.Analyzers.Infrastructure.DataFlow;
using Compliance.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Tests.DataFlow;

/// <summary>
/// Global-only options (docs/configuration.md) are read one way: <c>GetForCompilation</c>, from
/// the global options, by the classification model and the data-flow engine alike, for the
/// options each caller passes.
/// </summary>
public sealed class CompilationOptionsTests
{
    private const string Source = """
        using System;

        public sealed class SensitiveAttribute : Attribute { }

        public class Insurance
        {
            [Sensitive] public string MemberNumber { get; set; } = "";
        }
        """;

    [Fact]
    public void GetForCompilation_ReadsTheGlobalOptions_PerRuleKeyFirst()
    {
        var options = Options(global: new() { ["compliance.dataflow.max_call_depth"] = "5", ["dotnet_diagnostic.CMP2002.max_call_depth"] = "1" });

        Assert.Equal(1, ComplianceOptions.DataFlowMaxCallDepth.GetForCompilation(options));
    }

    [Fact]
    public void GetForCompilation_IgnoresPathScopedValues_AndInvalidOnes()
    {
        var perFile = Options(global: new(), perFile: new() { ["compliance.dataflow.max_call_depth"] = "1" });
        var invalid = Options(global: new() { ["compliance.dataflow.max_call_depth"] = "deep" });

        Assert.Equal(3, ComplianceOptions.DataFlowMaxCallDepth.GetForCompilation(perFile));
        Assert.Equal(3, ComplianceOptions.DataFlowMaxCallDepth.GetForCompilation(invalid));
        Assert.Equal(3, ComplianceOptions.DataFlowMaxCallDepth.GetForCompilation(null));
        Assert.Empty(ComplianceOptions.DataFlowClassificationAttributes.GetForCompilation(perFile));
    }

    [Fact]
    public void ClassificationModel_FollowsTheOptionsOfEachCaller()
    {
        var compilation = Compile();
        var member = compilation.GetTypeByMetadataName("Insurance")!.GetMembers("MemberNumber").Single();
        var configured = Options(global: new() { ["compliance.dataflow.classification_attributes"] = "Sensitive" });
        var perFileOnly = Options(global: new(), perFile: new() { ["compliance.dataflow.classification_attributes"] = "Sensitive" });

        // The first caller has no configured attribute; a later one does, and is not handed the first model.
        Assert.False(ClassificationModel.For(compilation, Options(global: new())).TryGetClassification(member, out _));
        Assert.True(ClassificationModel.For(compilation, configured).TryGetClassification(member, out _));
        Assert.False(ClassificationModel.For(compilation, perFileOnly).TryGetClassification(member, out _));
        Assert.Same(ClassificationModel.For(compilation, configured), ClassificationModel.For(compilation, configured));
    }

    [Fact]
    public void DataFlowEngine_FollowsTheOptionsOfEachCaller()
    {
        var compilation = Compile();

        var first = DataFlowEngine.For(compilation, Options(global: new()));
        var shallow = DataFlowEngine.For(compilation, Options(global: new() { ["compliance.dataflow.max_call_depth"] = "1" }));
        var perFileOnly = DataFlowEngine.For(compilation, Options(global: new(), perFile: new() { ["compliance.dataflow.max_call_depth"] = "1" }));

        Assert.Equal(3, first.MaxCallDepth);
        Assert.Equal(1, shallow.MaxCallDepth);
        Assert.Same(first, perFileOnly);
    }

    private static CSharpCompilation Compile()
        => CSharpCompilation.Create(
            "Options",
            [CSharpSyntaxTree.ParseText(Source)],
            TestReferences.For(ReferenceSet.Net),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static AnalyzerOptions Options(Dictionary<string, string> global, Dictionary<string, string>? perFile = null)
        => new(ImmutableArray<AdditionalText>.Empty, new Provider(new Values(global), new Values(perFile ?? global)));

    private sealed class Provider(AnalyzerConfigOptions global, AnalyzerConfigOptions perFile) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions => global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => perFile;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => perFile;
    }

    private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
