using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// Access to the semantic model of another syntax tree, for the few analyses that follow a value
/// into a helper method declared elsewhere, and for the once-per-compilation configuration scans.
/// </summary>
public static class SemanticModels
{
    /// <summary>
    /// The model for the tree that declares a symbol the analysis follows, or null when that tree
    /// is not part of this compilation. A symbol of a referenced project still has syntax when the
    /// reference is a compilation (the IDE, and any host that analyses a solution), but its tree
    /// belongs to the other compilation and cannot be bound here: callers treat null as "unknown".
    /// Callers bound the number of such look-ups (depth limits), which keeps RS1030's cost concern in check.
    /// </summary>
    public static SemanticModel? ForDeclaration(SemanticModel current, SyntaxTree tree)
    {
        if (current.SyntaxTree == tree)
        {
            return current;
        }

        return ForDeclaration(current.Compilation, tree);
    }

    /// <inheritdoc cref="ForDeclaration(SemanticModel, SyntaxTree)"/>
    public static SemanticModel? ForDeclaration(Compilation compilation, SyntaxTree tree)
    {
        if (!compilation.ContainsSyntaxTree(tree))
        {
            return null;
        }

#pragma warning disable RS1030 // Following a value into a helper declared in another file needs that file's model; depth-bounded by callers.
        return compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }

    /// <summary>
    /// A model for <paramref name="tree"/>, one of <paramref name="compilation"/>'s own trees, for
    /// facts that are computed once per compilation (global configuration such as a cookie policy)
    /// and then shared by every analyzer.
    /// </summary>
    public static SemanticModel For(Compilation compilation, SyntaxTree tree)
    {
#pragma warning disable RS1030 // Computed once per compilation for configuration calls found by a syntax pre-filter.
        return compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }
}
