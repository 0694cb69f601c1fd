using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Corpus;

/// <summary>
/// The <c>--option key=value</c> pairs of the command line as the analyzers' global options, as a
/// <c>.globalconfig</c> would give them; files have no options of their own (the runner reads no
/// <c>.editorconfig</c>).
/// </summary>
internal sealed class CommandLineOptions : AnalyzerConfigOptionsProvider
{
    private readonly Options _global;

    public CommandLineOptions(IReadOnlyDictionary<string, string> values)
    {
        _global = new Options(values);
    }

    public override AnalyzerConfigOptions GlobalOptions => _global;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.None;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.None;

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options None = new(new Dictionary<string, string>());

        public override IEnumerable<string> Keys => values.Keys;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
