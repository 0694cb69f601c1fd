using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Compliance.Analyzers.Infrastructure;
using Compliance.Corpus;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// Usage: dotnet run --project tools/Compliance.Corpus -c Release -- <source folder> [--tsv <file>]
// Exit codes: 0 success, 1 an analyzer threw, 2 bad arguments.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: Compliance.Corpus <source folder> [--tsv <file>]");
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

var analyzers = typeof(ComplianceAnalyzer).Assembly.GetTypes()
    .Where(static t => t is { IsAbstract: false, IsPublic: true } && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
    .OrderBy(static t => t.Name, StringComparer.Ordinal)
    .Select(static t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
    .ToImmutableArray();

var packages = new PackageCache();
var projects = CorpusProject.Discover(root).ToDictionary(static p => p.ProjectFile, StringComparer.Ordinal);
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

var runs = new List<ProjectRun>();
foreach (var project in projects.Values.OrderBy(static p => p.ProjectFile, StringComparer.Ordinal))
{
    if (project.Sources.Count == 0)
    {
        continue;
    }

    var compilation = await Compile(project, new HashSet<string>(StringComparer.Ordinal));
    var run = await ProjectRun.AnalyzeAsync(project, compilation, analyzers, CancellationToken.None);
    runs.Add(run);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{Path.GetRelativePath(root, project.Directory),-60} files {project.Sources.Count,5}  compiler errors {run.CompilerErrors,6}  diagnostics {run.Diagnostics.Length,5}  analyzer exceptions {run.AnalyzerExceptions.Count}  analyzer time {run.AnalyzerTimes.Values.Sum(static t => t.TotalMilliseconds),8:F0} ms"));
}

Console.WriteLine();
Console.WriteLine("Diagnostics per rule");
foreach (var group in runs.SelectMany(static r => r.Diagnostics).GroupBy(static d => d.Id).OrderBy(static g => g.Key, StringComparer.Ordinal))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Key}  {group.Count(),6}"));
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
