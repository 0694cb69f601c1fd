using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure.DataFlow;
using Compliance.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static Compliance.Analyzers.Tests.DataFlow.DataFlowTestSources;

namespace Compliance.Analyzers.Tests.DataFlow;

/// <summary>
/// The screen decides from a body's operation tree whether the analysis of its graph could report
/// anything. It may say "yes" where the analysis finds nothing, never "no" where it finds
/// something (Debug builds check that on every body of every test); these tests pin down the
/// shapes where the tree and the graph differ, in both directions.
/// </summary>
public sealed class DataFlowScreenTests
{
    /// <summary>Bodies in which classified data is named but reaches no sink: the screen rules them out, so no graph is built.</summary>
    [Theory]
    [InlineData("""
        public void M(Patient p) => logger.LogInformation("Patient {Id}", p.Id);
        """)]
    [InlineData("""
        public void M(Patient p)
        {
            var note = new Note { Id = p.Id, Text = p.Ssn };
            logger.LogInformation("Note {Id}", note.Id);
        }
        """)]
    [InlineData("""
        public void M(List<Patient> patients)
        {
            var ids = patients.Select(x => x.Id).ToList();
            logger.LogInformation("Patients {Ids}", ids.Count);
        }
        """)]
    [InlineData("""
        public void M(Patient p)
        {
            string Describe(int id) => "patient " + id;
            logger.LogInformation("{Text}", Describe(p.Id));
        }
        """)]
    [InlineData("""
        public void M(List<Patient> patients)
        {
            foreach (var p in patients)
            {
                logger.LogInformation("Patient {Id}", p.Id);
            }
        }
        """)]
    [InlineData("""
        public void M(Patient? p) => logger.LogInformation("Patient {Id}", p?.Id);
        """)]
    [InlineData("""
        public void M(List<Patient> patients)
        {
            var pairs = patients.ToDictionary(x => x.Id, x => x.Ward);
            logger.LogInformation("Wards {Wards}", pairs);
        }
        """)]
    public void CleanBodies_AreRuledOut(string members)
    {
        var (engine, body, owner, graph) = Load(members);

        Assert.Empty(engine.Analyze(graph, owner, CancellationToken.None));
        Assert.False(engine.MayReachSink(body, owner, CancellationToken.None));
    }

    /// <summary>Bodies the analysis reports on, in the shapes the tree writes differently from the graph: the screen must keep them.</summary>
    [Theory]
    [InlineData("""
        public void M(Patient p)
        {
            var note = new Note { Id = p.Id, Text = p.Ssn };
            logger.LogInformation("Note {Text}", note.Text);
        }
        """)]
    [InlineData("""
        public void M(Patient p)
        {
            var values = new List<string> { p.Ssn };
            logger.LogInformation("Values {Values}", values);
        }
        """)]
    [InlineData("""
        public void M(Patient? p) => logger.LogInformation("Patient {Ssn}", p?.Ssn);
        """)]
    [InlineData("""
        public void M(Patient p)
        {
            var text = "none";
            var copy = p.Ssn;
            var label = copy?.Trim();
            logger.LogInformation("{Label} {Text}", label, text);
        }
        """)]
    [InlineData("""
        public void M(List<Patient> patients)
        {
            var ssns = patients.Select(x => x.Ssn).ToList();
            logger.LogInformation("Patients {Ssns}", ssns);
        }
        """)]
    [InlineData("""
        public void M(Patient p)
        {
            string Echo(string value) => value;
            logger.LogInformation("{Clean}", Echo("clean"));
            logger.LogInformation("{Ssn}", Echo(p.Ssn));
        }
        """)]
    [InlineData("""
        public void M(List<Patient> patients)
        {
            var pairs = patients.ToDictionary(x => x.Id, x => x.Ssn);
            logger.LogInformation("Patients {Pairs}", pairs);
        }
        """)]
    [InlineData("""
        public void M(Patient p, int count)
        {
            var previous = "";
            for (var i = 0; i < count; i++)
            {
                logger.LogInformation("Previous {Previous}", previous);
                previous = p.Ssn;
            }
        }
        """)]
    [InlineData("""
        public void M(Patient p)
        {
            var values = new[] { p.Ssn, p.Name };
            foreach (var value in values)
            {
                logger.LogInformation("Value {Value}", value);
            }
        }
        """)]
    [InlineData("""
        public void M(PatientRecord record)
        {
            var copy = record with { Id = 2 };
            logger.LogInformation("Diagnosis {Diagnosis}", copy.Diagnosis);
        }
        """)]
    [InlineData("""
        public void M(Patient p)
        {
            var value = "";
            try
            {
                value = p.Ssn;
                throw new InvalidOperationException();
            }
            catch (InvalidOperationException)
            {
                logger.LogWarning("Failed for {Value}", value);
            }
        }
        """)]
    public void ReportedBodies_AreKept(string members)
    {
        var (engine, body, owner, graph) = Load(members);

        Assert.NotEmpty(engine.Analyze(graph, owner, CancellationToken.None));
        Assert.True(engine.MayReachSink(body, owner, CancellationToken.None));
    }

    /// <summary>A call into the compilation is screened with the callee's screen summary: a helper that logs its parameter keeps the caller.</summary>
    [Fact]
    public void CallIntoAHelperThatLogsItsParameter_IsKept()
    {
        var (engine, body, owner, graph) = Load("""
            public void M(Patient p) => Write(p.Ssn);

            private void Write(string value)
            {
                string Format(string v) => "[" + v + "]";
                logger.LogInformation("Value {Value}", Format(value));
            }
            """);

        Assert.NotEmpty(engine.Analyze(graph, owner, CancellationToken.None));
        Assert.True(engine.MayReachSink(body, owner, CancellationToken.None));
    }

    /// <summary>
    /// A call written as a statement, with no classified argument, cannot bring classified data
    /// back: neither the screen nor the analysis follows it (no summary is computed), awaited or not.
    /// </summary>
    [Theory]
    [InlineData("Describe();")]
    [InlineData("await DescribeAsync();")]
    [InlineData("await DescribeAsync().ConfigureAwait(false);")]
    public void CallWhoseResultIsDiscarded_IsNotFollowed(string call)
    {
        var (engine, body, owner, graph) = Load(Caller(call));

        Assert.False(engine.MayReachSink(body, owner, CancellationToken.None));
        Assert.Empty(engine.Analyze(graph, owner, CancellationToken.None));
        foreach (var screening in new[] { true, false })
        {
            Assert.False(engine.HasSummaryOf(ServiceMethod(engine, "Describe"), screening));
            Assert.False(engine.HasSummaryOf(ServiceMethod(engine, "DescribeAsync"), screening));
        }
    }

    /// <summary>The same calls with their result used, or given classified data, are followed by the screen and by the analysis.</summary>
    [Theory]
    [InlineData("var text = Describe();", "Describe")]
    [InlineData("var text = await DescribeAsync();", "DescribeAsync")]
    [InlineData("var text = await DescribeAsync().ConfigureAwait(false);", "DescribeAsync")]
    [InlineData("Remember(p.Ssn);", "Remember")]
    public void CallWhoseResultIsUsedOrThatGetsClassifiedData_IsFollowed(string call, string callee)
    {
        var (engine, body, owner, graph) = Load(Caller(call));

        engine.MayReachSink(body, owner, CancellationToken.None);
        Assert.True(engine.HasSummaryOf(ServiceMethod(engine, callee), screening: true));
        engine.Analyze(graph, owner, CancellationToken.None);
        Assert.True(engine.HasSummaryOf(ServiceMethod(engine, callee), screening: false));
    }

    private static string Caller(string call) => $$"""
        private Patient current = new();

        public async Task M(Patient p)
        {
            await Task.Yield();
            {{call}}
            logger.LogInformation("Patient {Id}", p.Id);
        }

        private string Describe() => "patient " + current.Ssn;

        private async Task<string> DescribeAsync()
        {
            await Task.Yield();
            return "patient " + current.Ssn;
        }

        private string Remember(string value) => value;
        """;

    private static IMethodSymbol ServiceMethod(DataFlowEngine engine, string name)
        => (IMethodSymbol)engine.Compilation.GetTypeByMetadataName("Service")!.GetMembers(name).Single();

    private static (DataFlowEngine Engine, IOperation Body, IMethodSymbol Owner, ControlFlowGraph Graph) Load(string members)
    {
        var source = InService(members + """

                public sealed class Note
                {
                    public int Id { get; set; }
                    public string Text { get; set; } = "";
                }
            """);
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create(
            "Screen",
            new[] { tree },
            TestReferences.For(ReferenceSet.AspNetCoreWithRuntime),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error));

        var model = compilation.GetSemanticModel(tree);
        var declaration = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(static m => m.Identifier.ValueText == "M");
        var owner = model.GetDeclaredSymbol(declaration)!;
        var body = (IMethodBodyOperation)model.GetOperation(declaration)!;
        var engine = DataFlowEngine.For(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty));
        return (engine, body, owner, ControlFlowGraph.Create(body));
    }
}
