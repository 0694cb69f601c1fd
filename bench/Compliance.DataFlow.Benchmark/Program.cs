using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Compliance.Analyzers.DataFlow;
using Compliance.DataFlow.Benchmark;
using Compliance.Tooling;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// Usage: dotnet run -c Release --project bench/Compliance.DataFlow.Benchmark -- [modules=300] [runs=5]
// Builds the synthetic clinic in memory, compiles it (parse, bind, emit) and runs the data-flow
// analyzers on a fresh compilation with execution-time telemetry. Medians over the runs, after a
// warm-up round. The analyzers run sequentially so each one's time is its own CPU time.
var modules = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;

var sources = SyntheticClinic.Generate(modules);
var references = TargetingPacks.NetAndAspNetCore.Add(MetadataReference.CreateFromFile(typeof(Compliance.Runtime.PhiAttribute).Assembly.Location))
    // [Phi]/[Pii] derive from the platform's DataClassificationAttribute.
    .Add(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute).Assembly.Location));
var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
    new ClassifiedDataFlowAnalyzer(),
    new UnclassifiedIdentifierAnalyzer(),
    new UnencryptedClassifiedEntityPropertyAnalyzer());

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Synthetic clinic: {modules} modules, {sources.Count} files, {sources.Sum(static s => s.Text.Length) / 1024} KiB; {runs} runs"));

var compilerTimes = new List<double>();
var perAnalyzer = analyzers.ToDictionary(static a => a.GetType().Name, static _ => new List<double>());
var diagnostics = ImmutableArray<Diagnostic>.Empty;
for (var run = -1; run < runs; run++)
{
    var compilerTime = MeasureCompiler(sources, references);
    var (times, found) = await MeasureAnalyzersAsync(sources, references, analyzers);
    if (run < 0)
    {
        continue;
    }

    compilerTimes.Add(compilerTime);
    diagnostics = found;
    foreach (var (name, time) in times)
    {
        perAnalyzer[name].Add(time);
    }
}

var compiler = Median(compilerTimes);
var engine = Median(perAnalyzer[nameof(ClassifiedDataFlowAnalyzer)]);
var all = perAnalyzer.Values.Sum(Median);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

    compiler (parse + bind + emit)               {compiler,9:F0} ms
    data-flow engine (ClassifiedDataFlowAnalyzer) {engine,8:F0} ms   {engine / compiler,7:P1} of compilation time
    all data-flow analyzers (CMP2001-CMP2007)     {all,8:F0} ms   {all / compiler,7:P1} of compilation time

    """));
foreach (var (name, times) in perAnalyzer)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-46} {Median(times),8:F1} ms"));
}

Console.WriteLine();
foreach (var group in diagnostics.GroupBy(static d => d.Id).OrderBy(static g => g.Key, StringComparer.Ordinal))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Key}: {group.Count()} diagnostics"));
}

return 0;

static double MeasureCompiler(IReadOnlyList<(string Path, string Text)> sources, ImmutableArray<MetadataReference> references)
{
    var stopwatch = Stopwatch.StartNew();
    var compilation = Compile(sources, references);
    using var output = new MemoryStream();
    var result = compilation.Emit(output);
    stopwatch.Stop();
    if (!result.Success)
    {
        var errors = result.Diagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error).Take(5);
        throw new InvalidOperationException("The synthetic clinic does not compile:\n" + string.Join("\n", errors));
    }

    return stopwatch.Elapsed.TotalMilliseconds;
}

static async Task<(Dictionary<string, double> Times, ImmutableArray<Diagnostic> Diagnostics)> MeasureAnalyzersAsync(
    IReadOnlyList<(string Path, string Text)> sources,
    ImmutableArray<MetadataReference> references,
    ImmutableArray<DiagnosticAnalyzer> analyzers)
{
    var withAnalyzers = Compile(sources, references).WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
    var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    if (diagnostics.FirstOrDefault(static d => d.Id == "AD0001") is { } failure)
    {
        throw new InvalidOperationException("An analyzer threw: " + failure);
    }

    var times = new Dictionary<string, double>();
    foreach (var analyzer in analyzers)
    {
        var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
        times[analyzer.GetType().Name] = telemetry.ExecutionTime.TotalMilliseconds;
    }

    return (times, diagnostics);
}

static CSharpCompilation Compile(IReadOnlyList<(string Path, string Text)> sources, ImmutableArray<MetadataReference> references)
{
    var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
    var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, "/clinic/" + s.Path));
    return CSharpCompilation.Create(
        "Clinic",
        trees,
        references,
        new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
}

static double Median(List<double> values)
{
    var sorted = values.OrderBy(static v => v).ToList();
    return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
