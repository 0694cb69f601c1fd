using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Compliance.Analyzers.Infrastructure;
using Compliance.Corpus;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// Usage: dotnet run --project tools/Compliance.Corpus -c Release -- <source folder> [--tsv <file>] [--include-tests] [--no-framework-inference]
// Exit codes: 0 success, 1 an analyzer threw, 2 bad arguments.
const string Usage = """
    usage: Compliance.Corpus <source folder> [--tsv <file>] [--include-tests] [--no-framework-inference]
      --tsv <file>                 where to write every diagnostic (default corpus-diagnostics.tsv)
      --include-tests              also analyse test projects (skipped by default: IsTestProject=true,
                                   a test framework or Microsoft.NET.Test.Sdk referenced, or a name
                                   with a .Test/.Tests/.…Tests part)
      --no-framework-inference     give the ASP.NET Core shared framework only to Web-SDK projects and
                                   explicit framework references, as before (to compare compiler errors)
    """;
string[] knownOptions = ["--tsv", "--include-tests", "--no-framework-inference"];
if (args.Length == 0 || args[0] is "-h" or "--help"
    || args.Skip(1).Where((a, i) => a.StartsWith("--", StringComparison.Ordinal) && !knownOptions.Contains(a)).Any())
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var root = Path.GetFullPath(args[0]);
if (!Directory.Exists(root))
{
    Console.Error.WriteLine($"not a folder: {root}");
    return 2;
}

var tsvIndex = Array.IndexOf(args, "--tsv");
var tsvPath = tsvIndex >= 0 && tsvIndex + 1 < args.Length ? args[tsvIndex + 1] : "corpus-diagnostics.tsv";
var includeTests = args.Contains("--include-tests");
var inferFramework = !args.Contains("--no-framework-inference");

var analyzers = typeof(ComplianceAnalyzer).Assembly.GetTypes()
    .Where(static t => t is { IsAbstract: false, IsPublic: true } && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
    .OrderBy(static t => t.Name, StringComparer.Ordinal)
    .Select(static t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
    .ToImmutableArray();

var packages = new PackageCache();
var projects = CorpusProject.Discover(root, inferFramework).ToDictionary(static p => p.ProjectFile, StringComparer.Ordinal);
var compilations = new Dictionary<string, Task<CSharpCompilation>>(StringComparer.Ordinal);

// Referenced projects are compiled first and passed as metadata references, so cross-project
// types resolve; a reference cycle or a missing project just leaves those types unresolved.
Task<CSharpCompilation> Compile(CorpusProject project, HashSet<string> visiting)
{
    if (compilations.TryGetValue(project.ProjectFile, out var existing))
    {
        return existing;
    }

    visiting.Add(project.ProjectFile);
    var referenced = project.ProjectReferences
        .Where(path => projects.ContainsKey(path) && !visiting.Contains(path))
        .Select(path => Compile(projects[path], visiting))
        .ToList();
    var compilation = CompileWithReferences(project, referenced);
    compilations[project.ProjectFile] = compilation;
    return compilation;
}

async Task<CSharpCompilation> CompileWithReferences(CorpusProject project, List<Task<CSharpCompilation>> referenced)
{
    var references = new List<MetadataReference>();
    foreach (var reference in referenced)
    {
        references.Add((await reference).ToMetadataReference());
    }

    return await ProjectRun.CompileAsync(project, packages, references, CancellationToken.None);
}

// Test projects are skipped from the analysis, not from compilation: a project that references a
// test helper still gets its types.
var skipped = includeTests ? [] : projects.Values.Where(static p => p.IsTest).OrderBy(static p => p.ProjectFile, StringComparer.Ordinal).ToList();
if (skipped.Count > 0)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Skipped {skipped.Count} test projects (--include-tests to analyse them):"));
    foreach (var project in skipped)
    {
        Console.WriteLine($"  {Path.GetRelativePath(root, project.ProjectFile)}  ({project.TestReason})");
    }

    Console.WriteLine();
}

var runs = new List<ProjectRun>();
foreach (var project in projects.Values.OrderBy(static p => p.ProjectFile, StringComparer.Ordinal))
{
    if (project.Sources.Count == 0 || (project.IsTest && !includeTests))
    {
        continue;
    }

    var compilation = await Compile(project, new HashSet<string>(StringComparer.Ordinal));
    var run = await ProjectRun.AnalyzeAsync(project, compilation, analyzers, CancellationToken.None);
    runs.Add(run);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{Path.GetRelativePath(root, project.Directory),-60} files {project.Sources.Count,5} (shared {project.SharedSources.Count,4})  web {(project.IsWeb ? "yes" : "no "),-3}  compiler errors {run.CompilerErrors,6}  diagnostics {run.Diagnostics.Length,5}  analyzer exceptions {run.AnalyzerExceptions.Count}  analyzer time {run.AnalyzerTimes.Values.Sum(static t => t.TotalMilliseconds),8:F0} ms"));
    if (project.WebReason is { } webReason && !webReason.StartsWith("Sdk", StringComparison.Ordinal))
    {
        Console.WriteLine($"    ASP.NET Core shared framework: {webReason}");
    }

    foreach (var note in project.Notes)
    {
        Console.WriteLine($"    note: {note}");
    }
}

Console.WriteLine();
Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"Projects analysed {runs.Count}, test projects skipped {skipped.Count}, compiler errors {runs.Sum(static r => r.CompilerErrors)}"));

Console.WriteLine();
Console.WriteLine("Diagnostics per rule (and distinct locations: a shared file compiled into several projects is reported by each)");
foreach (var group in runs.SelectMany(static r => r.Diagnostics).GroupBy(static d => d.Id).OrderBy(static g => g.Key, StringComparer.Ordinal))
{
    var distinct = group.Select(static d => (d.Location.GetLineSpan().Path, d.Location.SourceSpan.Start, d.GetMessage(CultureInfo.InvariantCulture))).Distinct().Count();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Key}  {group.Count(),6}  {distinct,6}"));
}

Console.WriteLine();
Console.WriteLine("Analyzer execution time (all projects)");
foreach (var (name, time) in runs.SelectMany(static r => r.AnalyzerTimes)
             .GroupBy(static t => t.Key)
             .Select(static g => (g.Key, Time: TimeSpan.FromTicks(g.Sum(static t => t.Value.Ticks))))
             .OrderByDescending(static t => t.Time))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-48} {time.TotalMilliseconds,10:F1} ms"));
}

var tsv = new StringBuilder("rule\tfile\tline\tmessage\n");
foreach (var diagnostic in runs.SelectMany(static r => r.Diagnostics))
{
    var span = diagnostic.Location.GetLineSpan();
    var file = string.IsNullOrEmpty(span.Path) ? "" : Path.GetRelativePath(root, span.Path);
    tsv.Append(CultureInfo.InvariantCulture, $"{diagnostic.Id}\t{file}\t{span.StartLinePosition.Line + 1}\t{diagnostic.GetMessage(CultureInfo.InvariantCulture).Replace('\t', ' ').Replace('\n', ' ')}\n");
}

await File.WriteAllTextAsync(tsvPath, tsv.ToString());
Console.WriteLine();
Console.WriteLine($"Wrote {runs.Sum(static r => r.Diagnostics.Length)} diagnostics to {tsvPath}");

var exceptions = runs.SelectMany(static r => r.AnalyzerExceptions).ToList();
if (exceptions.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine($"ANALYZER EXCEPTIONS ({exceptions.Count})");
    foreach (var exception in exceptions)
    {
        Console.WriteLine(exception);
        Console.WriteLine();
    }

    return 1;
}

return 0;
