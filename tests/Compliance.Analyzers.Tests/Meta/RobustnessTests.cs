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

    /// <summary>
    /// In the IDE (and any host that analyses a solution) a project reference is a compilation
    /// reference: the referenced project's symbols keep their syntax, in trees that belong to the
    /// other compilation and cannot be bound here. Every analysis that follows a symbol to its
    /// declaration (helpers, middleware classes, constants, handlers, factories) meets them.
    /// </summary>
    [Fact]
    public async Task EveryAnalyzer_SurvivesSymbolsDeclaredInAReferencedProject()
    {
        const string shared = """
            using System.Security.Cryptography;
            using Compliance.Runtime;

            namespace Clinic.Shared;

            public static class PipelineExtensions
            {
                public static IApplicationBuilder UseClinicHeaders(this IApplicationBuilder app)
                {
                    app.Use(async (context, next) => { context.Response.Headers["X-Content-Type-Options"] = "nosniff"; await next(); });
                    return app;
                }
            }

            public sealed class HeaderMiddleware(RequestDelegate next)
            {
                public Task InvokeAsync(HttpContext context)
                {
                    context.Response.Headers["Content-Security-Policy"] = "default-src 'none'";
                    return next(context);
                }
            }

            public static class Settings
            {
                public const string ApiKey = "sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
                public static readonly string SigningKey = "c2VjcmV0LXNpZ25pbmcta2V5LWZvci10ZXN0cw==";
                public static readonly byte[] CipherKey = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
            }

            public class Patient
            {
                [Phi] public string Ssn { get; set; } = "";
                public string Name { get; set; } = "";
            }

            public static class Handlers
            {
                public static string GetPatient(Patient patient) => patient.Ssn;
                public static IResult SignIn(HttpContext context) => Results.Ok(context.Request.Form["password"].ToString());
            }

            public static class Factory
            {
                public static CookieOptions CookieOptions() => new() { Secure = false, HttpOnly = false };
                public static Patient Load() => new() { Ssn = "000-00-0000" };
                public static bool AcceptAll(object sender, object certificate, object chain, object errors) => true;
            }

            public static class Audit
            {
                public static void Write(ILogger logger, Patient patient) => logger.LogInformation("Patient {Ssn}", patient.Ssn);
                public static byte[] Hash(byte[] data) => MD5.HashData(data);
            }
            """;
        const string app = """
            using System.Security.Cryptography;
            using Clinic.Shared;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.UseClinicHeaders();
            app.UseMiddleware<HeaderMiddleware>();
            app.MapGet("/patients/{id}", Handlers.GetPatient);
            app.MapPost("/login", Handlers.SignIn);
            app.MapGet("/cookie", (HttpContext context) => context.Response.Cookies.Append("sid", "v", Factory.CookieOptions()));
            app.MapGet("/load", (ILogger<Program> logger) =>
            {
                var patient = Factory.Load();
                Audit.Write(logger, patient);
                logger.LogInformation("{Key} {Ssn}", Settings.ApiKey, patient.Ssn);
                using var hmac = new HMACSHA256(System.Text.Encoding.UTF8.GetBytes(Settings.SigningKey));
                using var aes = new AesGcm(Settings.CipherKey, 16);
                return patient;
            });
            app.Run();
            """;

        var library = CreateCompilation("Clinic.Shared", [("/shared/Shared.cs", shared)], TestReferences.For(ReferenceSet.AspNetCoreWithRuntime), OutputKind.DynamicallyLinkedLibrary);
        await AssertNoAnalyzerExceptionAsync([("/app/Program.cs", app)], [], OutputKind.ConsoleApplication, library.ToMetadataReference());
    }

    [Fact]
    public async Task EveryAnalyzer_SurvivesTheSampleApiSplitIntoTwoProjects()
    {
        // Clinic.Api's Program.cs as one project, everything else as a project it references.
        var sources = Directory.GetFiles(Path.Combine(Catalog.RepositoryRoot, "samples", "Clinic.Api"), "*.cs", SearchOption.AllDirectories)
            .Where(static p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(static p => p, StringComparer.Ordinal)
            .Select(p => (Path: p, Text: File.ReadAllText(p)))
            .ToList();
        var program = sources.Single(static s => Path.GetFileName(s.Path) == "Program.cs");
        var library = CreateCompilation("Clinic.Api.Shared", sources.Where(s => s != program).ToArray(), TestReferences.For(ReferenceSet.AspNetCoreWithRuntime), OutputKind.DynamicallyLinkedLibrary);
        await AssertNoAnalyzerExceptionAsync([program], [], OutputKind.ConsoleApplication, library.ToMetadataReference());
    }

    private static CSharpCompilation CreateCompilation(string name, (string Path, string Text)[] sources, IEnumerable<MetadataReference> references, OutputKind kind)
    {
        var trees = sources.Select(static s => CSharpSyntaxTree.ParseText(s.Text, new CSharpParseOptions(LanguageVersion.Latest), s.Path)).ToList();
        trees.Add(CSharpSyntaxTree.ParseText(
            "global using System; global using System.Linq; global using System.Collections.Generic; global using System.Threading.Tasks; global using Microsoft.AspNetCore.Builder; global using Microsoft.AspNetCore.Http; global using Microsoft.Extensions.DependencyInjection; global using Microsoft.Extensions.Logging; global using Microsoft.AspNetCore.Mvc;",
            path: $"/{name}/GlobalUsings.cs"));
        return CSharpCompilation.Create(name, trees, references, new CSharpCompilationOptions(kind));
    }

    private static async Task AssertNoAnalyzerExceptionAsync(
        (string Path, string Text)[] sources,
        (string Path, string Text)[] additionalFiles,
        OutputKind kind = OutputKind.DynamicallyLinkedLibrary,
        MetadataReference? projectReference = null)
    {
        var references = TestReferences.For(ReferenceSet.AspNetCoreWithRuntime);
        var compilation = CreateCompilation("Robustness", sources, projectReference is null ? references : references.Add(projectReference), kind);
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
