using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Compliance.Corpus;

/// <summary>A configuration file handed to the analyzers as an additional file, as the package's props do.</summary>
internal sealed class FileAdditionalText(string path) : AdditionalText
{
    private readonly Lazy<SourceText> _text = new(() => SourceText.From(File.ReadAllText(path)));

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text.Value;
}
