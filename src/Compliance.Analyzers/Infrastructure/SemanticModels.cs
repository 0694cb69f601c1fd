using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// Access to the semantic model of another syntax tree, for the few analyses that follow a value
/// into a helper method declared elsewhere in the compilation.
/// </summary>
public static class SemanticModels
{
    /// <summary>
    /// The model for <paramref name="tree"/>: <paramref name="current"/> when it already is, else a
    /// model from the compilation. Callers bound the number of such look-ups (depth limits), which
    /// is what keeps RS1030's cost concern in check.
    /// </summary>
    public static SemanticModel For(SemanticModel current, SyntaxTree tree)
    {
        if (current.SyntaxTree == tree)
        {
            return current;
        }

#pragma warning disable RS1030 // Following a value into a helper declared in another file needs that file's model; depth-bounded by callers.
        return current.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }

    /// <summary>
    /// A model for <paramref name="tree"/>, for facts that are computed once per compilation
    /// (global configuration such as a cookie policy) and then shared by every analyzer.
    /// </summary>
    public static SemanticModel For(Compilation compilation, SyntaxTree tree)
    {
#pragma warning disable RS1030 // Computed once per compilation for configuration calls found by a syntax pre-filter.
        return compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }
}
