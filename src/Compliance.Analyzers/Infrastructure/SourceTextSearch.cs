using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// Whole-file pre-filters for the few facts computed over every file of a compilation (global
/// configuration). Searching a file's text is an order of magnitude cheaper than walking its
/// syntax, and most files of an application never mention configuration APIs, so the walk and
/// any binding are kept for the files that do.
/// </summary>
/// <remarks>
/// A word written with Unicode escapes in an identifier is not found; configuration code does not
/// do that, and the filters only ever skip files, never report.
/// </remarks>
internal static class SourceTextSearch
{
    /// <summary>True when the text of <paramref name="tree"/> contains any of <paramref name="words"/> (ordinal).</summary>
    public static bool MentionsAny(SyntaxTree tree, IReadOnlyList<string> words)
    {
        // For files under a few tens of thousands of characters the text is held as one string,
        // which ToString returns without copying.
        return MentionsAny(tree.GetText().ToString(), words);
    }

    /// <summary>True when <paramref name="text"/> (a whole file's) contains any of <paramref name="words"/> (ordinal).</summary>
    public static bool MentionsAny(string text, IReadOnlyList<string> words)
    {
        foreach (var word in words)
        {
            if (text.IndexOf(word, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the text of <paramref name="node"/> (trivia included) contains <paramref name="word"/> (ordinal), to skip walking a body that cannot hold it.</summary>
    /// <remarks>Copies only the node's own text (the file's may be held in chunks), which costs less than realising its nodes.</remarks>
    public static bool Mentions(SyntaxNode node, string word)
        => node.SyntaxTree.GetText().ToString(node.FullSpan).IndexOf(word, StringComparison.Ordinal) >= 0;
}
