using System.Text;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// The words of a name (an identifier, a configuration key, a route segment), for every rule that
/// judges what a name says: secret names, HIPAA identifier names, authentication endpoints,
/// security values. One splitter, so that a name means the same to all of them.
/// </summary>
/// <remarks>
/// PascalCase, camelCase, snake_case, kebab-case and SCREAMING_CASE give lower-case words. A word
/// starts at a capital after a lower-case letter or a digit, and at the last capital of an acronym
/// followed by lower case (<c>HTTPServer</c> → http, server). A run of digits is a word of its own:
/// <c>apiKey2</c> → api, key, 2 and <c>SSN4</c> → ssn, 4, so a numbered copy of a name says what
/// the name says. A term written with a number (<c>2fa</c>, <c>oauth2</c>) becomes two words;
/// callers that know such terms match the two words joined.
/// </remarks>
internal static class IdentifierWords
{
    /// <summary>The lower-case words of <paramref name="name"/>.</summary>
    public static List<string> Split(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush(current, words);
                continue;
            }

            if (current.Length > 0)
            {
                var previous = name[i - 1];
                var startsWord = char.IsUpper(c) && (char.IsLower(previous) || char.IsDigit(previous) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(previous)));
                if (startsWord || char.IsDigit(c) != char.IsDigit(previous))
                {
                    Flush(current, words);
                }
            }

            current.Append(char.ToLowerInvariant(c));
        }

        Flush(current, words);
        return words;
    }

    /// <summary>True for a word that is a number (<see cref="Split"/> never mixes digits and letters in one word).</summary>
    public static bool IsNumber(string word) => word.Length > 0 && char.IsDigit(word[0]);

    private static void Flush(StringBuilder current, List<string> words)
    {
        if (current.Length > 0)
        {
            words.Add(current.ToString());
            current.Clear();
        }
    }
}
