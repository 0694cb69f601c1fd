using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// One family of whole-program configuration facts (endpoint policy, validator registrations,
/// cookie policy), fed by <see cref="ApplicationConfiguration"/>'s single walk over the files.
/// </summary>
internal interface IConfigurationAccumulator
{
    /// <summary>
    /// Whether the file can hold any of this family's configuration, from its text (and, when the
    /// words are not enough, its tokens). Only files that pass have their nodes offered.
    /// </summary>
    bool Wants(SyntaxTree tree, string text);

    /// <summary>Takes in <paramref name="node"/> when it is configuration of this family (a syntax test first; candidates are bound).</summary>
    void Visit(SyntaxNode node, ConfigurationFile file);
}
