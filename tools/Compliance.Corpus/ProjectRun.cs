using System.Collections.Concurrent;
using System.Collections.Immutable;
using Compliance.Tooling;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Compliance.Corpus;

/// <summary>The outcome of running the analyzers over one project's loose compilation.</summary>
internal sealed record ProjectRun(
    CorpusProject Project,
    int CompilerErrors,
    ImmutableArray<Diagnostic> Diagnostics,
    IReadOnlyList<string> AnalyzerExceptions,
    IReadOnlyDictionary<string, TimeSpan> AnalyzerTimes)
{
    private static readonly string[] TargetSymbols = ["NET", "NETCOREAPP", "NET10_0", "NET10_0_OR_GREATER", "NET8_0_OR_GREATER", "NET6_0_OR_GREATER", "RELEASE"];

    // The implicit global usings of Microsoft.NET.Sdk and Microsoft.NET.Sdk.Web.
    private const string SdkUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private const string WebUsings = """
        global using global::System.Net.Http.Json;
        global using global::Microsoft.AspNetCore.Builder;
        global using global::Microsoft.AspNetCore.Hosting;
        global using global::Microsoft.AspNetCore.Http;
        global using global::Microsoft.AspNetCore.Routing;
        global using global::Microsoft.Extensions.Configuration;
        global using global::Microsoft.Extensions.DependencyInjection;
        global using global::Microsoft.Extensions.Hosting;
        global using global::Microsoft.Extensions.Logging;
        """;

    /// <summary>The project's loose compilation; <paramref name="projectReferences"/> are its referenced projects' compilations.</summary>
    public static async Task<CSharpCompilation> CompileAsync(CorpusProject project, PackageCache packages, IEnumerable<MetadataReference> projectReferences, CancellationToken cancellationToken)
    {
        // A project's own symbols matter for shared code: one shared project is often compiled into
        // several projects that differ only by them (#if R4 ... #endif).
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: TargetSymbols.Concat(project.DefineConstants));
        var trees = new List<SyntaxTree>();
        foreach (var path in project.Sources)
        {
            trees.Add(CSharpSyntaxTree.ParseText(SourceText.From(await File.ReadAllTextAsync(path, cancellationToken)), parseOptions, path, cancellationToken));
        }

        if (project.ImplicitUsings)
        {
            var usings = project.IsWeb ? SdkUsings + "\n" + WebUsings : SdkUsings;
            trees.Add(CSharpSyntaxTree.ParseText(usings, parseOptions, Path.Combine(project.Directory, "obj", "GlobalUsings.g.cs"), cancellationToken: cancellationToken));
        }

        var frameworkReferences = project.IsWeb ? TargetingPacks.NetAndAspNetCore : TargetingPacks.Net;
        var referencedNames = frameworkReferences.OfType<PortableExecutableReference>().Select(static r => Path.GetFileName(r.FilePath!)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var references = frameworkReferences.Concat(packages.AssembliesFor(project.PackageNames, referencedNames)).Concat(projectReferences);

        var hasTopLevelStatements = trees.Any(static t => t.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any());
        return CSharpCompilation.Create(
            project.Name,
            trees,
            references,
            new CSharpCompilationOptions(
                hasTopLevelStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));
    }

    public static async Task<ProjectRun> AnalyzeAsync(CorpusProject project, CSharpCompilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        var exceptions = new ConcurrentQueue<string>();
        var analysisOptions = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(project.AdditionalFiles.Select(static f => (AdditionalText)new FileAdditionalText(f)).ToImmutableArray(), options),
            onAnalyzerException: (exception, analyzer, diagnostic) => exceptions.Enqueue($"{analyzer.GetType().Name}: {diagnostic.GetMessage()}\n{exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: true);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, analysisOptions);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken);

        foreach (var failure in diagnostics.Where(static d => d.Id == "AD0001"))
        {
            exceptions.Enqueue(failure.ToString());
        }

        var times = new Dictionary<string, TimeSpan>();
        foreach (var analyzer in analyzers)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken);
            times[analyzer.GetType().Name] = telemetry.ExecutionTime;
        }

        var compilerErrors = compilation.GetDiagnostics(cancellationToken).Count(static d => d.Severity == DiagnosticSeverity.Error);
        return new ProjectRun(project, compilerErrors, diagnostics.Where(static d => d.Id != "AD0001").ToImmutableArray(), exceptions.ToList(), times);
    }
}
