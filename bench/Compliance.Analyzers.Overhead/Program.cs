using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Overhead;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// Usage: dotnet run -c Release --project bench/Compliance.Analyzers.Overhead -- [modules=200] [runs=5] [--warmup=8] [--profile] [--analyzers=Name,Name]
// Every figure is measured in this one process, side by side, and reported as a median.
// --warmup= sets the rounds run before measuring. The Roslyn this harness loads is a NuGet build
// without precompiled code, so the runtime compiles it as it goes, in tiers, and the code paths only
// analysis uses (operation trees, semantic model queries) reach optimized code after about fifteen
// analysis runs; with one warm-up round the figures measure that compilation, not the analyzers.
// --profile runs only the compliance analyzers, runs times, so a sampling profiler sees nothing else.
// --analyzers= keeps only the named compliance analyzers (type names; OperationTreeFloor for the
// floor) and skips the peer, to see what one family adds end to end.
var profile = args.Contains("--profile");
var warmupArgument = OptionValue(args, "--warmup=");
var warmup = warmupArgument is null ? 8 : int.Parse(warmupArgument, CultureInfo.InvariantCulture);
if (warmup < 0)
{
    Console.Error.WriteLine("--warmup= takes a number of rounds, zero or more.");
    return 64;
}

var only = OptionValue(args, "--analyzers=")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
args = args.Where(static a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var modules = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;

var sources = AppGenerator.Generate(modules);
var references = References.Load();
var ours = typeof(ComplianceAnalyzer).Assembly.GetTypes()
    .Where(static t => t is { IsAbstract: false, IsPublic: true } && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
    .Where(t => only is null || only.Contains(t.Name, StringComparer.Ordinal))
    .Select(static t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
    .ToImmutableArray();
if (only?.Contains(nameof(OperationTreeFloor)) == true)
{
    // So the floor can be profiled on its own, like any family.
    ours = ours.Add(new OperationTreeFloor());
}

if (only is not null && ours.Length != only.Length)
{
    Console.Error.WriteLine("--analyzers names an analyzer type that does not exist: " + string.Join(", ", only.Except(ours.Select(static a => a.GetType().Name))));
    return 64;
}

var (peer, peerOptions) = PeerAnalyzers.SecurityRules();

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Generated application: {sources.Count} files, {sources.Sum(static s => s.Text.Length) / 1024} KiB; {ours.Length} compliance analyzers; {peer.Length} NetAnalyzers security analyzers; {runs} runs{(profile ? "" : $" after {warmup} warm-up rounds")}"));

if (profile)
{
    for (var run = 0; run < runs; run++)
    {
        var (total, wall, _, reported) = await MeasureAnalyzersAsync(sources, references, ours, specificOptions: null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run + 1}: {wall:F0} ms wall, {total:F0} ms in analyzers, {reported.Length} diagnostics"));
        if (run == 0)
        {
            Console.WriteLine("  " + string.Join(", ", reported.GroupBy(static d => d.Id).OrderBy(static g => g.Key, StringComparer.Ordinal).Select(static g => g.Key + " " + g.Count())));
        }
    }

    return 0;
}

var compilerTimes = new List<double>();
var ourTimes = new List<double>();
var peerTimes = new List<double>();
var bindTimes = new List<double>();
var ourWallTimes = new List<double>();
var ourTimedWallTimes = new List<double>();
var floorWallTimes = new List<double>();
var aboveFloorRatios = new List<double>();
var peerWallTimes = new List<double>();
var perAnalyzer = new Dictionary<string, List<double>>();
var diagnosticCount = 0;

// Warm-up rounds, so JIT compilation and first-use costs do not count.
for (var run = -warmup; run < runs; run++)
{
    var compilerTime = MeasureCompiler(sources, references);
    var bindTime = MeasureBinding(sources, references);
    // Sums and per-analyzer figures need every action timed, one at a time; a build does neither
    // (it times actions only with /reportanalyzer), so the end-to-end figures come from separate
    // runs analysed as in a build.
    var (ourTotal, ourTimedWall, ourPerAnalyzer, ourDiagnostics) = await MeasureAnalyzersAsync(sources, references, ours, specificOptions: null);
    var (_, ourWall, _, _) = await MeasureAnalyzersAsync(sources, references, ours, specificOptions: null, asInABuild: true);
    double peerTotal = double.NaN, peerWall = double.NaN;
    if (only is null)
    {
        peerTotal = (await MeasureAnalyzersAsync(sources, references, peer, peerOptions)).Total;
        peerWall = (await MeasureAnalyzersAsync(sources, references, peer, peerOptions, asInABuild: true)).Wall;
    }

    var (_, floorWall, _, _) = await MeasureAnalyzersAsync(sources, references, ImmutableArray.Create<DiagnosticAnalyzer>(new OperationTreeFloor()), specificOptions: null, asInABuild: true);
    if (run < 0)
    {
        continue;
    }

    compilerTimes.Add(compilerTime);
    ourTimes.Add(ourTotal);
    peerTimes.Add(peerTotal);
    bindTimes.Add(bindTime);
    ourWallTimes.Add(ourWall - bindTime);
    ourTimedWallTimes.Add(ourTimedWall - bindTime);
    floorWallTimes.Add(floorWall - bindTime);
    // Within one round, so a slow spell of the machine moves both terms alike.
    aboveFloorRatios.Add((ourWall - floorWall) / compilerTime);
    peerWallTimes.Add(peerWall - bindTime);
    diagnosticCount = ourDiagnostics.Length;
    foreach (var (name, time) in ourPerAnalyzer)
    {
        (perAnalyzer.TryGetValue(name, out var list) ? list : perAnalyzer[name] = new List<double>()).Add(time);
    }
}

var compiler = Median(compilerTimes);
var ourMedian = Median(ourTimes);
var peerMedian = Median(peerTimes);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

    compiler (parse + bind + emit)      {compiler,9:F0} ms
    compliance analyzers (total)        {ourMedian,9:F0} ms   ratio to compiler {ourMedian / compiler,6:P1}   ({diagnosticCount} diagnostics)
    NetAnalyzers security rules (peer)  {peerMedian,9:F0} ms   ratio to compiler {peerMedian / compiler,6:P1}
    compliance / peer                   {ourMedian / peerMedian,9:F2}x

    End to end (wall clock; what the analysis run adds to binding the compilation, {Median(bindTimes):F0} ms,
    including the driver's own work such as building operation trees; concurrent and not timed, as in a build):
    operation trees only (the floor)    {Median(floorWallTimes),9:F0} ms   ratio to compiler {Median(floorWallTimes) / compiler,6:P1}
    compliance analyzers                {Median(ourWallTimes),9:F0} ms   ratio to compiler {Median(ourWallTimes) / compiler,6:P1}
    compliance above the floor                        ratio to compiler {Median(aboveFloorRatios),6:P1}   (median of each round's own difference)
    NetAnalyzers security rules (peer)  {Median(peerWallTimes),9:F0} ms   ratio to compiler {Median(peerWallTimes) / compiler,6:P1}
    compliance, sequential and timed    {Median(ourTimedWallTimes),9:F0} ms   ratio to compiler {Median(ourTimedWallTimes) / compiler,6:P1}   (the runs the sums come from)

    Most expensive compliance analyzers (median):
    """));
foreach (var (name, times) in perAnalyzer.OrderByDescending(static p => Median(p.Value)).Take(5))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-44} {Median(times),8:F1} ms"));
}

return 0;

static double MeasureCompiler(IReadOnlyList<(string Path, string Text)> sources, ImmutableArray<MetadataReference> references)
{
    var stopwatch = Stopwatch.StartNew();
    var compilation = Compile(sources, references, specificOptions: null);
    using var output = new MemoryStream();
    var result = compilation.Emit(output);
    stopwatch.Stop();
    if (!result.Success)
    {
        var errors = result.Diagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error).Take(5);
        throw new InvalidOperationException("The generated application does not compile:\n" + string.Join("\n", errors));
    }

    return stopwatch.Elapsed.TotalMilliseconds;
}

// Compiler diagnostics without analyzers: the binding an analysis run also does, as its baseline.
static double MeasureBinding(IReadOnlyList<(string Path, string Text)> sources, ImmutableArray<MetadataReference> references)
{
    var compilation = Compile(sources, references, specificOptions: null);
    var stopwatch = Stopwatch.StartNew();
    _ = compilation.GetDiagnostics();
    return stopwatch.Elapsed.TotalMilliseconds;
}

static async Task<(double Total, double Wall, Dictionary<string, double> PerAnalyzer, ImmutableArray<Diagnostic> Diagnostics)> MeasureAnalyzersAsync(
    IReadOnlyList<(string Path, string Text)> sources,
    ImmutableArray<MetadataReference> references,
    ImmutableArray<DiagnosticAnalyzer> analyzers,
    ImmutableDictionary<string, ReportDiagnostic>? specificOptions,
    bool asInABuild = false)
{
    var compilation = Compile(sources, references, specificOptions);
    // By default, sequential analysis with every action timed, so each analyzer's execution time is
    // its own CPU time. As in a build: concurrent analysis (the compiler's analyzer driver analyses
    // concurrently whenever the compilation is built concurrently, the default, which is also how
    // the compiler's own time is measured) and no action timed.
    var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: asInABuild, logAnalyzerExecutionTime: !asInABuild));
    var stopwatch = Stopwatch.StartNew();
    // Analyzer diagnostics need the whole compilation bound (the driver analyses its events).
    var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    var wall = stopwatch.Elapsed.TotalMilliseconds;
    var failures = diagnostics.Where(static d => d.Id == "AD0001").ToList();
    if (failures.Count > 0)
    {
        throw new InvalidOperationException("An analyzer threw:\n" + string.Join("\n", failures));
    }

    var perAnalyzer = new Dictionary<string, double>();
    foreach (var analyzer in analyzers)
    {
        var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
        perAnalyzer[analyzer.GetType().Name] = telemetry.ExecutionTime.TotalMilliseconds;
    }

    return (perAnalyzer.Values.Sum(), wall, perAnalyzer, diagnostics);
}

static CSharpCompilation Compile(IReadOnlyList<(string Path, string Text)> sources, ImmutableArray<MetadataReference> references, ImmutableDictionary<string, ReportDiagnostic>? specificOptions)
{
    var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
    var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, "/app/" + s.Path));
    var options = new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable);
    if (specificOptions is not null)
    {
        options = options.WithSpecificDiagnosticOptions(specificOptions);
    }

    return CSharpCompilation.Create("Clinic", trees, references, options);
}

// The value of a "--name=value" argument, or null when it is not given.
static string? OptionValue(string[] arguments, string prefix)
    => arguments.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];

static double Median(List<double> values)
{
    var sorted = values.OrderBy(static v => v).ToList();
    return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
