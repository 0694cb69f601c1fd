using System.Collections.Immutable;
using Compliance.Corpus;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Tests.Meta;

/// <summary>
/// The corpus runner's command line (docs/precision.md is measured with it): help, validation and
/// its exit codes (0 success, 1 an analyzer threw, 2 bad arguments or help).
/// </summary>
public sealed class CorpusCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("corpus-command-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Help_ListsTheOptions_AndExitsTwo()
    {
        Assert.Equal(2, await RunAsync(["--help"]));
        Assert.Contains("--tsv", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--include-tests", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--no-framework-inference", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--option", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Exit codes", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", _output.ToString());
    }

    [Theory]
    [InlineData("not a folder", "{root}/missing")]
    [InlineData("source folder")]
    [InlineData("--bogus", "{root}", "--bogus")]
    [InlineData("--tsv", "{root}", "--tsv")]
    [InlineData("second", "{root}", "second")]
    [InlineData("--option takes key=value, not: classification_attributes", "{root}", "--option", "classification_attributes")]
    [InlineData("--option takes key=value, not: =Required", "{root}", "--option", "=Required")]
    public async Task BadArguments_AreNamed_AndExitTwo(string expected, params string[] arguments)
    {
        Assert.Equal(2, await RunAsync([.. arguments.Select(a => a.Replace("{root}", _root, StringComparison.Ordinal))]));
        Assert.Contains(expected, _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--help", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalysedFolder_ExitsZero_AndWritesTheTsv()
    {
        WriteProject();
        var tsv = Path.Combine(_root, "out.tsv");

        Assert.Equal(0, await RunAsync([_root, "--tsv", tsv, "--include-tests", "--no-framework-inference"]));
        Assert.Contains("Projects analysed 1", _output.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("rule\tfile\tline\tmessage", await File.ReadAllTextAsync(tsv), StringComparison.Ordinal);
    }

    /// <summary>The options reach the analyzers as global options: a configured classification attribute makes the PHI rules run.</summary>
    [Fact]
    public async Task GlobalOptions_ReachTheAnalyzers()
    {
        Directory.CreateDirectory(Path.Combine(_root, "Api"));
        File.WriteAllText(Path.Combine(_root, "Api", "Api.csproj"), """<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>""");
        File.WriteAllText(Path.Combine(_root, "Api", "Intake.cs"), """
            using System.ComponentModel.DataAnnotations;
            using Microsoft.Extensions.Logging;

            public sealed class Intake
            {
                [Required] public string Ssn { get; set; } = "";
            }

            public sealed class IntakeLog(ILogger<IntakeLog> logger)
            {
                public void Write(Intake intake) => logger.LogInformation("Intake {Ssn}", intake.Ssn);
            }
            """);
        var plain = Path.Combine(_root, "plain.tsv");
        var configured = Path.Combine(_root, "configured.tsv");

        Assert.Equal(0, await RunAsync([_root, "--tsv", plain]));
        Assert.Equal(0, await RunAsync([_root, "--tsv", configured, "--option", " compliance.dataflow.classification_attributes = Required "]));

        Assert.DoesNotContain("CMP2001", await File.ReadAllTextAsync(plain), StringComparison.Ordinal);
        Assert.Contains("CMP2001", await File.ReadAllTextAsync(configured), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnalyzerThatThrows_ExitsOne()
    {
        WriteProject();

        Assert.Equal(1, await RunAsync([_root, "--tsv", Path.Combine(_root, "out.tsv")], [new ThrowingAnalyzer()]));
        Assert.Contains("ANALYZER EXCEPTIONS", _output.ToString(), StringComparison.Ordinal);
        Assert.Contains(nameof(ThrowingAnalyzer), _output.ToString(), StringComparison.Ordinal);
    }

    private Task<int> RunAsync(string[] arguments, ImmutableArray<DiagnosticAnalyzer>? analyzers = null)
        => CorpusCommand.InvokeAsync(arguments, analyzers ?? CorpusCommand.ComplianceAnalyzers(), _output, _error);

    private void WriteProject()
    {
        Directory.CreateDirectory(Path.Combine(_root, "App"));
        File.WriteAllText(Path.Combine(_root, "App", "App.csproj"), """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>""");
        File.WriteAllText(Path.Combine(_root, "App", "Clinic.cs"), "public sealed class Clinic { }");
    }

    // A test double run in process by the corpus runner, never loaded by a compiler: the rules for shipped analyzers do not apply.
#pragma warning disable RS1036, RS1038, RS1041, RS2008
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("TEST0001", "Throws", "Throws", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxTreeAction(static _ => throw new InvalidOperationException("An analyzer failure the runner must report."));
        }
    }
#pragma warning restore RS1036, RS1038, RS1041, RS2008
}
