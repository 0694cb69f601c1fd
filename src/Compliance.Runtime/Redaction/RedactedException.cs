using System.Text;
using System.Text.RegularExpressions;

namespace Compliance.Runtime.Redaction;

/// <summary>
/// What log providers receive instead of an exception: the original type name, stack trace,
/// source and HResult, and inner exceptions wrapped the same way, with the message scrubbed or
/// redacted. <see cref="Exception.Data"/> is not carried over (it is free-form and may hold PHI).
/// </summary>
internal sealed partial class RedactedException : Exception, IRedactedException
{
    private readonly string? _stackTrace;
    private readonly IReadOnlyList<RedactedException> _innerExceptions;

    private RedactedException(Exception original, string message, RedactedException? inner, IReadOnlyList<RedactedException> innerExceptions)
        : base(message, inner)
    {
        OriginalTypeName = original.GetType().FullName ?? original.GetType().Name;
        _stackTrace = original.StackTrace;
        _innerExceptions = innerExceptions;
        Source = original.Source;
        HResult = original.HResult;
    }

    public string OriginalTypeName { get; }

    public override string? StackTrace => _stackTrace;

    /// <summary>Wraps <paramref name="exception"/> and its inner exceptions.</summary>
    public static RedactedException Wrap(Exception exception, ExceptionMessageRedaction mode) => Wrap(exception, mode, depth: 0);

    /// <summary>Replaces identifier-like text (SSNs, e-mail addresses, phone numbers, dates, long digit runs).</summary>
    public static string Scrub(string message)
    {
        try
        {
            return Identifiers().Replace(message, Redact.Marker);
        }
        catch (RegexMatchTimeoutException)
        {
            // A message too large or pathological to scan is withheld, never logged as it is.
            return Redact.Marker;
        }
    }

    /// <summary>Laid out like <see cref="Exception.ToString"/>, under the original type name.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(OriginalTypeName);
        if (Message.Length > 0)
        {
            text.Append(": ").Append(Message);
        }

        foreach (var inner in _innerExceptions)
        {
            text.Append(Environment.NewLine).Append(" ---> ").Append(inner.ToString())
                .Append(Environment.NewLine).Append("   --- End of inner exception stack trace ---");
        }

        if (_stackTrace is not null)
        {
            text.Append(Environment.NewLine).Append(_stackTrace);
        }

        return text.ToString();
    }

    private static RedactedException Wrap(Exception exception, ExceptionMessageRedaction mode, int depth)
    {
        // Aggregates print every inner exception; others their single inner one. The depth bound
        // keeps a cyclic or absurdly deep chain from recursing without end.
        IReadOnlyList<Exception> inners = depth > 16
            ? []
            : exception is AggregateException aggregate ? aggregate.InnerExceptions : exception.InnerException is { } single ? [single] : [];
        var wrapped = inners.Select(inner => Wrap(inner, mode, depth + 1)).ToArray();
        var message = mode == ExceptionMessageRedaction.Redact ? Redact.Marker : Scrub(exception.Message);
        return new RedactedException(exception, message, wrapped.FirstOrDefault(), wrapped);
    }

    // SSN; e-mail; North American phone numbers; ISO and US dates; six or more digits (MRNs,
    // account and card numbers). Identifiers only: names and free text are not recognised.
    [GeneratedRegex(
        @"\b\d{3}[- ]\d{2}[- ]\d{4}\b"
        + @"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
        + @"|(?:\+?1[-. ]?)?\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b"
        + @"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
        + @"|\d{6,}",
        RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 200)]
    private static partial Regex Identifiers();
}
