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

    /// <summary>
    /// True when <paramref name="text"/> may access <paramref name="member"/> on something named
    /// <paramref name="receiver"/> (<c>o.Cookie.SameSite</c>, also across white space and lines),
    /// for a filter sharper than the member's name alone. A comment between the two names counts
    /// as a match, so the answer only errs towards walking the file.
    /// </summary>
    public static bool MentionsMemberAccess(string text, string receiver, string member)
    {
        for (var at = text.IndexOf(member, StringComparison.Ordinal); at >= 0; at = text.IndexOf(member, at + member.Length, StringComparison.Ordinal))
        {
            var dot = PreviousCode(text, at - 1);
            if (dot == Comment)
            {
                return true;
            }

            if (dot < 0 || text[dot] != '.')
            {
                continue;
            }

            var end = PreviousCode(text, dot - 1);
            if (end == Comment)
            {
                return true;
            }

            var start = end - receiver.Length + 1;
            if (end >= 0
                && start >= 0
                && string.CompareOrdinal(text, start, receiver, 0, receiver.Length) == 0
                && (start == 0 || !IsIdentifierCharacter(text[start - 1])))
            {
                return true;
            }
        }

        return false;
    }

    private const int Comment = -2;

    /// <summary>
    /// The index of the last character at or before <paramref name="index"/> that is not white
    /// space; <see cref="Comment"/> when a comment may lie in between (a <c>*/</c>, or a line
    /// crossed that holds <c>//</c>); -1 at the start of the text.
    /// </summary>
    private static int PreviousCode(string text, int index)
    {
        var crossedLine = false;
        while (index >= 0 && char.IsWhiteSpace(text[index]))
        {
            crossedLine |= text[index] == '\n';
            index--;
        }

        if (index >= 0 && text[index] == '/')
        {
            return Comment;
        }

        if (crossedLine && index >= 0)
        {
            var lineStart = text.LastIndexOf('\n', index) + 1;
            if (text.IndexOf("//", lineStart, index - lineStart + 1, StringComparison.Ordinal) >= 0)
            {
                return Comment;
            }
        }

        return index;
    }

    /// <summary>
    /// A character that can be part of a C# identifier, read from text: ASCII letters, digits and
    /// '_', and anything beyond ASCII that is not white space (letters, combining marks).
    /// </summary>
    public static bool IsIdentifierCharacter(char c)
        => c < 128 ? c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' : !char.IsWhiteSpace(c);

    /// <summary>True when the text of <paramref name="node"/> (trivia included) contains <paramref name="word"/> (ordinal), to skip walking a body that cannot hold it.</summary>
    /// <remarks>Copies only the node's own text (the file's may be held in chunks), which costs less than realising its nodes.</remarks>
    public static bool Mentions(SyntaxNode node, string word)
        => node.SyntaxTree.GetText().ToString(node.FullSpan).IndexOf(word, StringComparison.Ordinal) >= 0;
}
