using Microsoft.Extensions.Logging;

namespace Compliance.Runtime.Redaction;

/// <summary>
/// Wraps the application's logger factory so every logger, whatever its provider, sees redacted
/// state. Decorating the factory rather than each <see cref="ILoggerProvider"/> keeps the
/// per-provider filter rules (<c>Logging:Console:LogLevel</c>, which are matched on the provider's
/// type) working, and covers providers added after <c>AddRedaction()</c>.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner, LogStateRedactor redactor, ExceptionMessageRedaction exceptions = ExceptionMessageRedaction.Scrub) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), redactor, exceptions);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}

internal sealed class RedactingLogger(ILogger inner, LogStateRedactor redactor, ExceptionMessageRedaction exceptions) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull =>
        redactor.TryRedact(state, out var redacted) ? inner.BeginScope(redacted) : inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        // Exception messages are written by whoever threw, often with the value that failed in
        // them; every provider prints them. They are passed on as a sanitised wrapper.
        if (exception is not null && exceptions != ExceptionMessageRedaction.None && exception is not RedactedException)
        {
            exception = RedactedException.Wrap(exception, exceptions);
        }

        if (redactor.TryRedact(state, out var redacted))
        {
            inner.Log(logLevel, eventId, redacted, exception, RedactedLogState.Format);
            return;
        }

        inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
