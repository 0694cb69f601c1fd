using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Compliance.Analyzers.Infrastructure.Classification;
using Compliance.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.Extensions.Compliance.Classification;

namespace Compliance.Analyzers.Tests.DataFlow;

/// <summary>
/// The symbol side of the classification rule (docs/classification.md): the shared fixtures of
/// tests/ClassificationConformance, read by <see cref="ClassificationModel"/>, classify exactly as
/// expected.txt says. The runtime tests hold the reflection side to the same file.
/// </summary>
public sealed class ClassificationConformanceTests
{
    private const string FixtureNamespace = "ConformanceFixtures";

    [Fact]
    public void SymbolSide_MatchesTheSharedExpectations()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "ClassificationConformance");
        var compilation = CSharpCompilation.Create(
            "ConformanceFixtures",
            [CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(folder, "Fixtures.cs")), path: "Fixtures.cs")],
            TestReferences.For(ReferenceSet.AspNetCoreWithRuntime)
                .Add(MetadataReference.CreateFromFile(typeof(DataClassificationAttribute).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error));

        var configured = string.Join(",", File.ReadAllLines(Path.Combine(folder, "configured.txt")).Where(static l => l.Trim().Length > 0));
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new GlobalOptionsProvider("compliance.dataflow.classification_attributes", configured));
        var model = ClassificationModel.For(compilation, options);

        var expected = File.ReadAllLines(Path.Combine(folder, "expected.txt")).Where(static l => l.Trim().Length > 0).ToArray();
        Assert.Equal(expected, Describe(compilation, model));
    }

    private static List<string> Describe(Compilation compilation, ClassificationModel model)
    {
        var lines = new List<string>();
        var fixtures = compilation.GlobalNamespace.GetNamespaceMembers().Single(static n => n.Name == FixtureNamespace);
        foreach (var type in fixtures.GetTypeMembers())
        {
            if (model.ContainsClassifiedData(type))
            {
                lines.Add("contains " + type.Name);
            }

            foreach (var member in type.GetMembers())
            {
                if (member.DeclaredAccessibility != Accessibility.Public || member.IsStatic || member.IsImplicitlyDeclared)
                {
                    continue;
                }

                switch (member)
                {
                    case IPropertySymbol { IsIndexer: false } or IFieldSymbol:
                        Add(lines, model, member, type.Name + "." + member.Name);
                        break;
                    case IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.Constructor } method:
                        foreach (var parameter in method.Parameters)
                        {
                            Add(lines, model, parameter, type.Name + "." + method.Name + "(" + parameter.Name + ")");
                        }

                        if (method.MethodKind == MethodKind.Ordinary)
                        {
                            Add(lines, model, method, type.Name + "." + method.Name + "() return");
                        }

                        break;
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static void Add(List<string> lines, ClassificationModel model, ISymbol symbol, string name)
    {
        if (model.TryGetClassification(symbol, out var classification))
        {
            lines.Add("member " + name + " => " + classification.Kind + " " + classification.Display);
        }
    }

    /// <summary>One key in the global options (.globalconfig), none per file.</summary>
    private sealed class GlobalOptionsProvider(string key, string value) : AnalyzerConfigOptionsProvider
    {
        private readonly SingleOption _global = new(key, value);

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => SingleOption.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => SingleOption.Empty;
    }

    private sealed class SingleOption(string? key, string? value) : AnalyzerConfigOptions
    {
        public static readonly SingleOption Empty = new(null, null);

        public override bool TryGetValue(string name, [NotNullWhen(true)] out string? found)
        {
            found = name == key ? value : null;
            return found is not null;
        }
    }
}
