using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// One file as the configuration scan walks it: its tree, and a semantic model created on the
/// first candidate node that must be bound (most files that mention a configuration word bind
/// nothing), then shared by every accumulator.
/// </summary>
internal sealed class ConfigurationFile
{
    private readonly Compilation _compilation;
    private SemanticModel? _model;

    public ConfigurationFile(Compilation compilation, SyntaxTree tree)
    {
        _compilation = compilation;
        Tree = tree;
    }

    public SyntaxTree Tree { get; }

    public SemanticModel Model => _model ??= SemanticModels.For(_compilation, Tree);
}
