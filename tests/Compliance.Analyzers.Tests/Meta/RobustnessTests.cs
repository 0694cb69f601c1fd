using System.Collections.Immutable;
using Compliance.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Compliance.Analyzers.Tests.Meta;

/// <summary>
/// Analyzers run on every keystroke, so half-typed code is their normal input. Every analyzer is
/// run over empty files, broken snippets, and the sample applications' sources cut off at many
/// points, as in an editor mid-typing; an analyzer exception (AD0001) fails the test.
/// </summary>
public sealed class RobustnessTests
{
    private static readonly string[] BrokenSnippets =
    [
        "",
        "class",
        "public class C : ControllerBase { public IActionResult Get( => ",
        "var app = WebApplication.CreateBuilder(args).Build(); app.MapGet(\"/\", (HttpContext c) => c.Response.Cookies.Append(",
        "class C { void M(Microsoft.AspNetCore.Http.HttpResponse r) { var o = new Microsoft.AspNetCore.Http.CookieOptions { Secure = ; r.Cookies.Append(\"a\", \"b\", o); } }",
        "class C { void M() { new Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions().Cookie. = Microsoft.AspNetCore.Http.CookieSecurePolicy.None; } }",
        "[ApiController] [Route(\"x\")] public class PatientsController : ControllerBase { [HttpPost] public void Post([FromBody] Patient p) { _logger.LogInformation(\"{P}\", p.Ssn }",
        "{ \"ConnectionStrings\": { \"Db\": \"Server=x;Password=",
        "#pragma warning disable CMP",
    ];

    [Fact]
    public async Task EveryAnalyzer_SurvivesBrokenSnippets()
    {
        foreach (var snippet in BrokenSnippets)
        {
            await AssertNoAnalyzerExceptionAsync([("/0/Test0.cs", snippet)], [("/0/appsettings.json", snippet), ("/0/wwwroot/appsettings.json", snippet)]);
        }
    }

    [Fact]
    public async Task EveryAnalyzer_SurvivesTruncatedSampleSources()
    {
        var samples = Directory.GetFiles(Path.Combine(Catalog.RepositoryRoot, "samples"), "*.*", SearchOption.AllDirectories)
            .Where(static p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && (p.EndsWith(".cs", StringComparison.Ordinal) || p.EndsWith(".json", StringComparison.Ordinal)))
            .OrderBy(static p => p, StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(samples);

        var sources = samples.Where(static p => p.EndsWith(".cs", StringComparison.Ordinal)).Select(p => (Path: p, Text: File.ReadAllText(p))).ToList();
        var configuration = samples.Where(static p => p.EndsWith(".json", StringComparison.Ordinal)).Select(p => (Path: p, Text: File.ReadAllText(p))).ToList();

        // Each file in turn is cut at evenly spaced points while the others stay whole.
        const int CutsPerFile = 12;
        foreach (var (path, text) in sources.Concat(configuration))
        {
            for (var cut = 1; cut <= CutsPerFile; cut++)
            {
                var truncated = text[..(text.Length * cut / (CutsPerFile + 1))];
                var cutSources = sources.Select(s => s.Path == path ? (s.Path, truncated) : s).ToArray();
                var cutConfiguration = configuration.Select(c => c.Path == path ? (c.Path, truncated) : c).ToArray();
                await AssertNoAnalyzerExceptionAsync(cutSources, cutConfiguration);
            }
        }
    }

    private static async Task AssertNoAnalyzerExceptionAsync((string Path, string Text)[] sources, (string Path, string Text)[] additionalFiles)
    {
        var trees = sources.Select(static s => CSharpSyntaxTree.ParseText(s.Text, new CSharpParseOptions(LanguageVersion.Latest), s.Path)).ToList();
        trees.Add(CSharpSyntaxTree.ParseText(
            "global using System; global using System.Linq; global using System.Collections.Generic; global using System.Threading.Tasks; global using Microsoft.AspNetCore.Builder; global using Microsoft.AspNetCore.Http; global using Microsoft.Extensions.DependencyInjection; global using Microsoft.Extensions.Logging; global using Microsoft.AspNetCore.Mvc;",
            path: "/0/GlobalUsings.cs"));
        var compilation = CSharpCompilation.Create(
            "Robustness",
            trees,
            ReferenceAssemblies.For(ReferenceSet.AspNetCoreWithRuntime),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var texts = additionalFiles.Select(static f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray();

        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(texts),
            onAnalyzerException: (exception, analyzer, _) =>
            {
                lock (exceptions)
                {
                    exceptions.Add($"{analyzer.GetType().Name}: {exception}");
                }
            },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(Catalog.Analyzers, options).GetAnalyzerDiagnosticsAsync();

        exceptions.AddRange(diagnostics.Where(static d => d.Id == "AD0001").Select(static d => d.GetMessage()));
        Assert.True(exceptions.Count == 0, "An analyzer threw:\n" + string.Join("\n\n", exceptions));
    }

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
