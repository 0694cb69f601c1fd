using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Corpus;

/// <summary>
/// One corpus run: discovers the projects under the folder, compiles each (referenced projects
/// first), runs the analyzers, and prints per-project and per-rule counts and analyzer times;
/// every diagnostic goes to the TSV file.
/// </summary>
internal static class CorpusRunner
{
    /// <summary>Runs <paramref name="analyzers"/> as <paramref name="settings"/> say; <see cref="CorpusExitCodes.AnalyzerThrew"/> when one threw.</summary>
    public static async Task<int> RunAsync(CorpusSettings settings, ImmutableArray<DiagnosticAnalyzer> analyzers, TextWriter output)
    {
        var root = settings.Root;
        var tsvPath = settings.TsvPath;
        var includeTests = settings.IncludeTests;
        var inferFramework = settings.InferFramework;
        var options = new CommandLineOptions(settings.Options);
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
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Skipped {skipped.Count} test projects (--include-tests to analyse them):"));
            foreach (var project in skipped)
            {
                output.WriteLine($"  {Path.GetRelativePath(root, project.ProjectFile)}  ({project.TestReason})");
            }

            output.WriteLine();
        }

        var runs = new List<ProjectRun>();
        foreach (var project in projects.Values.OrderBy(static p => p.ProjectFile, StringComparer.Ordinal))
        {
            if (project.Sources.Count == 0 || (project.IsTest && !includeTests))
            {
                continue;
            }

            var compilation = await Compile(project, new HashSet<string>(StringComparer.Ordinal));
            var run = await ProjectRun.AnalyzeAsync(project, compilation, analyzers, options, CancellationToken.None);
            runs.Add(run);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{Path.GetRelativePath(root, project.Directory),-60} files {project.Sources.Count,5} (shared {project.SharedSources.Count,4})  web {(project.IsWeb ? "yes" : "no "),-3}  compiler errors {run.CompilerErrors,6}  diagnostics {run.Diagnostics.Length,5}  analyzer exceptions {run.AnalyzerExceptions.Count}  analyzer time {run.AnalyzerTimes.Values.Sum(static t => t.TotalMilliseconds),8:F0} ms"));
            if (project.WebReason is { } webReason && !webReason.StartsWith("Sdk", StringComparison.Ordinal))
            {
                output.WriteLine($"    ASP.NET Core shared framework: {webReason}");
            }

            foreach (var note in project.Notes)
            {
                output.WriteLine($"    note: {note}");
            }
        }

        output.WriteLine();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Projects analysed {runs.Count}, test projects skipped {skipped.Count}, compiler errors {runs.Sum(static r => r.CompilerErrors)}"));

        output.WriteLine();
        output.WriteLine("Diagnostics per rule (and distinct locations: a shared file compiled into several projects is reported by each)");
        foreach (var group in runs.SelectMany(static r => r.Diagnostics).GroupBy(static d => d.Id).OrderBy(static g => g.Key, StringComparer.Ordinal))
        {
            var distinct = group.Select(static d => (d.Location.GetLineSpan().Path, d.Location.SourceSpan.Start, d.GetMessage(CultureInfo.InvariantCulture))).Distinct().Count();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Key}  {group.Count(),6}  {distinct,6}"));
        }

        output.WriteLine();
        output.WriteLine("Analyzer execution time (all projects)");
        foreach (var (name, time) in runs.SelectMany(static r => r.AnalyzerTimes)
                     .GroupBy(static t => t.Key)
                     .Select(static g => (g.Key, Time: TimeSpan.FromTicks(g.Sum(static t => t.Value.Ticks))))
                     .OrderByDescending(static t => t.Time))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-48} {time.TotalMilliseconds,10:F1} ms"));
        }

        var tsv = new StringBuilder("rule\tfile\tline\tmessage\n");
        foreach (var diagnostic in runs.SelectMany(static r => r.Diagnostics))
        {
            var span = diagnostic.Location.GetLineSpan();
            var file = string.IsNullOrEmpty(span.Path) ? "" : Path.GetRelativePath(root, span.Path);
            tsv.Append(CultureInfo.InvariantCulture, $"{diagnostic.Id}\t{file}\t{span.StartLinePosition.Line + 1}\t{diagnostic.GetMessage(CultureInfo.InvariantCulture).Replace('\t', ' ').Replace('\n', ' ')}\n");
        }

        await File.WriteAllTextAsync(tsvPath, tsv.ToString());
        output.WriteLine();
        output.WriteLine($"Wrote {runs.Sum(static r => r.Diagnostics.Length)} diagnostics to {tsvPath}");

        var exceptions = runs.SelectMany(static r => r.AnalyzerExceptions).ToList();
        if (exceptions.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"ANALYZER EXCEPTIONS ({exceptions.Count})");
            foreach (var exception in exceptions)
            {
                output.WriteLine(exception);
                output.WriteLine();
            }

            return CorpusExitCodes.AnalyzerThrew;
        }

        return CorpusExitCodes.Success;
    }
}
