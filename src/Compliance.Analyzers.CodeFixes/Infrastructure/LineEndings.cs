using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Options;
using Microsoft.CodeAnalysis.Text;

namespace Compliance.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// Keeps a file's line endings through a fix. New syntax gets its line breaks from several places
/// (strings given to the parser, elastic trivia the formatter expands with the workspace's newline,
/// which is "\n" on Linux and macOS whatever the file uses), so a CRLF file would get bare "\n" lines.
/// The fixes ask for the document's own line ending, and every code action finally rewrites the line
/// breaks of the text it inserted to that ending.
/// </summary>
internal static class LineEndings
{
    /// <summary>
    /// The document's line ending: its first line break; for a file without one, the
    /// <c>end_of_line</c> of .editorconfig, else the workspace's formatting newline.
    /// </summary>
    public static async Task<string> OfAsync(Document document, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        if (FirstLineBreak(text) is { } lineBreak)
        {
            return lineBreak;
        }

        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        if (tree is not null
            && document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue("end_of_line", out var configured))
        {
            switch (configured.Trim().ToLowerInvariant())
            {
                case "crlf":
                    return "\r\n";
                case "lf":
                    return "\n";
                case "cr":
                    return "\r";
            }
        }

        var options = await document.GetOptionsAsync(cancellationToken).ConfigureAwait(false);
        return options.GetOption(FormattingOptions.NewLine);
    }

    /// <summary>The document's formatting options with its own line ending as the newline.</summary>
    public static async Task<OptionSet> FormattingOptionsAsync(Document document, CancellationToken cancellationToken)
    {
        var newLine = await OfAsync(document, cancellationToken).ConfigureAwait(false);
        var options = await document.GetOptionsAsync(cancellationToken).ConfigureAwait(false);
        return options.WithChangedOption(FormattingOptions.NewLine, LanguageNames.CSharp, newLine);
    }

    /// <summary>An end-of-line trivia with the document's line ending.</summary>
    public static async Task<SyntaxTrivia> EndOfLineAsync(Document document, CancellationToken cancellationToken)
        => SyntaxFactory.EndOfLine(await OfAsync(document, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// <paramref name="changed"/> with every line break in the text that differs from
    /// <paramref name="original"/> written as the original's line ending; text the fix did not
    /// touch keeps its line breaks, even in a file with mixed endings.
    /// </summary>
    public static async Task<Document> RestoreAsync(Document original, Document changed, CancellationToken cancellationToken)
    {
        if (original.Id != changed.Id)
        {
            return changed;
        }

        var lineEnding = await OfAsync(original, cancellationToken).ConfigureAwait(false);
        var oldText = await original.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var changes = await changed.GetTextChangesAsync(original, cancellationToken).ConfigureAwait(false);
        var rewritten = new List<TextChange>();
        var anyRewritten = false;
        foreach (var change in changes)
        {
            var newText = change.NewText ?? "";
            var previous = change.Span.Start > 0 ? oldText[change.Span.Start - 1] : '\0';
            var next = change.Span.End < oldText.Length ? oldText[change.Span.End] : '\0';
            var converted = Convert(newText, lineEnding, previous, next);
            anyRewritten |= !string.Equals(converted, newText, StringComparison.Ordinal);
            rewritten.Add(new TextChange(change.Span, converted));
        }

        return anyRewritten ? changed.WithText(oldText.WithChanges(rewritten)) : changed;
    }

    /// <summary>
    /// Line breaks of <paramref name="text"/> as <paramref name="lineEnding"/>. A "\n" right after an
    /// unchanged "\r" (or a "\r" right before an unchanged "\n") completes a break of the file
    /// itself and is left alone.
    /// </summary>
    private static string Convert(string text, string lineEnding, char previous, char next)
    {
        if (text.IndexOf('\n') < 0 && text.IndexOf('\r') < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                builder.Append(lineEnding);
                i++;
            }
            else if ((c == '\n' && i == 0 && previous == '\r') || (c == '\r' && i == text.Length - 1 && next == '\n'))
            {
                builder.Append(c);
            }
            else if (c is '\r' or '\n')
            {
                builder.Append(lineEnding);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string? FirstLineBreak(SourceText text)
    {
        foreach (var line in text.Lines)
        {
            if (line.EndIncludingLineBreak > line.End)
            {
                return text.ToString(TextSpan.FromBounds(line.End, line.EndIncludingLineBreak));
            }
        }

        return null;
    }
}
