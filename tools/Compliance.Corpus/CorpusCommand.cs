using System.Collections.Immutable;
using System.CommandLine;
using System.CommandLine.Help;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Corpus;

/// <summary>
/// The corpus runner's command line on System.CommandLine: the source folder and the options,
/// their validation, and the exit codes of <see cref="CorpusExitCodes"/>.
/// </summary>
internal sealed class CorpusCommand
{
    private readonly Argument<string> _sourceFolder = new("source folder") { Description = "The folder of the application to analyse (every .csproj under it)." };

    private readonly Option<string> _tsv = new("--tsv")
    {
        HelpName = "file",
        Description = "Where to write every diagnostic.",
        DefaultValueFactory = static _ => "corpus-diagnostics.tsv",
    };

    private readonly Option<bool> _includeTests = new("--include-tests")
    {
        Description = "Also analyse test projects (skipped by default: IsTestProject=true, a test framework or Microsoft.NET.Test.Sdk referenced, or a name with a .Test/.Tests/.…Tests part).",
    };

    private readonly Option<bool> _noFrameworkInference = new("--no-framework-inference")
    {
        Description = "Give the ASP.NET Core shared framework only to Web-SDK projects and explicit framework references, as before (to compare compiler errors).",
    };

    private readonly Option<string[]> _options = new("--option")
    {
        HelpName = "key=value",
        Description = "A global analyzer option, as a .globalconfig line gives it (compliance.dataflow.classification_attributes=Required); repeatable. The runner reads no .editorconfig or .globalconfig of the code base.",
        DefaultValueFactory = static _ => [],
    };

    public CorpusCommand()
    {
        Root = new RootCommand("Runs the compliance analyzers over a source tree without building it: one loose compilation per .csproj. "
            + "Exit codes: 0 success, 1 an analyzer threw, 2 bad arguments (or --help).")
        {
            _sourceFolder, _tsv, _includeTests, _noFrameworkInference, _options,
        };

        // --version would exit 0, which means an analysed corpus.
        foreach (var version in Root.Options.OfType<VersionOption>().ToList())
        {
            Root.Options.Remove(version);
        }

        _sourceFolder.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<string>() is { } folder && !Directory.Exists(Path.GetFullPath(folder)))
            {
                result.AddError($"not a folder: {Path.GetFullPath(folder)}");
            }
        });

        _options.Validators.Add(static result =>
        {
            foreach (var pair in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (pair.IndexOf('=') <= 0)
                {
                    result.AddError($"--option takes key=value, not: {pair}");
                }
            }
        });
    }

    public RootCommand Root { get; }

    /// <summary>The <c>key=value</c> pairs, keys and values trimmed and keys compared as an analyzer config file compares them; a later pair wins.</summary>
    private static Dictionary<string, string> Options(string[] pairs)
    {
        var options = new Dictionary<string, string>(AnalyzerConfigOptions.KeyComparer);
        foreach (var pair in pairs)
        {
            var separator = pair.IndexOf('=');
            options[pair[..separator].Trim()] = pair[(separator + 1)..].Trim();
        }

        return options;
    }

    /// <summary>Every public analyzer of Compliance.Analyzers, in name order: what the runner measures.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> ComplianceAnalyzers()
        => typeof(ComplianceAnalyzer).Assembly.GetTypes()
            .Where(static t => t is { IsAbstract: false, IsPublic: true } && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .OrderBy(static t => t.Name, StringComparer.Ordinal)
            .Select(static t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    /// <summary>Parses <paramref name="args"/> and runs <paramref name="analyzers"/> over the folder; the exit code follows <see cref="CorpusExitCodes"/>.</summary>
    public static async Task<int> InvokeAsync(string[] args, ImmutableArray<DiagnosticAnalyzer> analyzers, TextWriter output, TextWriter error)
    {
        var command = new CorpusCommand();

        // A folder whose name starts with @ is a folder, not a response file.
        var result = command.Root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Action is HelpAction)
        {
            result.Invoke(new InvocationConfiguration { Output = error, Error = error });
            return CorpusExitCodes.Usage;
        }

        if (result.Errors.Count > 0)
        {
            foreach (var parseError in result.Errors)
            {
                error.WriteLine(parseError.Message);
            }

            error.WriteLine("Run Compliance.Corpus --help for the options.");
            return CorpusExitCodes.Usage;
        }

        var settings = new CorpusSettings(
            Path.GetFullPath(result.GetRequiredValue(command._sourceFolder)),
            result.GetValue(command._tsv)!,
            result.GetValue(command._includeTests),
            !result.GetValue(command._noFrameworkInference),
            Options(result.GetValue(command._options) ?? []));
        return await CorpusRunner.RunAsync(settings, analyzers, output).ConfigureAwait(false);
    }
}
