using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Compliance.Runtime.Tests.Redaction;

/// <summary>Issue 14, item 12: PHI in exception messages must not reach the log providers.</summary>
public sealed class ExceptionRedactionTests
{
    private const string Phi = "Patient 123-45-6789 (jane.example@mail.test, 555-867-5309, MRN 00482913, born 1980-02-29) not found";

    [Fact]
    public void ExceptionMessages_AreScrubbed_KeepingTypeAndStack()
    {
        var capture = new ExceptionCapture();
        using var services = Build(capture, configure: null);
        var logger = services.GetRequiredService<ILogger<ExceptionRedactionTests>>();

        logger.LogError(Thrown(), "Lookup failed for ward {Ward}", 7);

        var logged = Assert.Single(capture.Exceptions);
        var text = logged.ToString();
        foreach (var value in new[] { "123-45-6789", "jane.example@mail.test", "555-867-5309", "00482913", "1980-02-29" })
        {
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
            Assert.DoesNotContain(value, logged.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(value, logged.InnerException!.Message, StringComparison.Ordinal);
        }

        Assert.Contains("System.InvalidOperationException", text, StringComparison.Ordinal);
        Assert.Contains("System.ArgumentException", text, StringComparison.Ordinal);
        Assert.Contains(nameof(Thrown), text, StringComparison.Ordinal);
        Assert.Contains(nameof(Thrown), logged.StackTrace, StringComparison.Ordinal);
        Assert.Contains("not found", logged.Message, StringComparison.Ordinal);
        Assert.Equal("System.InvalidOperationException", Assert.IsAssignableFrom<IRedactedException>(logged).OriginalTypeName);
    }

    [Fact]
    public void RedactMode_HidesTheWholeMessage_AndTheOptOutKeepsIt()
    {
        var strict = new ExceptionCapture();
        using (var services = Build(strict, o => o.ExceptionMessages = ExceptionMessageRedaction.Redact))
        {
            services.GetRequiredService<ILogger<ExceptionRedactionTests>>().LogError(Thrown(), "failed");
        }

        Assert.Equal(Redact.Marker, Assert.Single(strict.Exceptions).Message);
        Assert.DoesNotContain("not found", strict.Exceptions.Single().ToString(), StringComparison.Ordinal);

        var kept = new ExceptionCapture();
        using (var services = Build(kept, o => o.ExceptionMessages = ExceptionMessageRedaction.None))
        {
            services.GetRequiredService<ILogger<ExceptionRedactionTests>>().LogError(Thrown(), "failed");
        }

        Assert.IsType<InvalidOperationException>(Assert.Single(kept.Exceptions));
        Assert.Contains("123-45-6789", kept.Exceptions.Single().Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(ExceptionCapture capture, Action<RedactionOptions>? configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging(logging => logging.AddProvider(capture));
        services.AddCompliance().AddRedaction(configure);
        return services.BuildServiceProvider();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Exception Thrown()
    {
        try
        {
            try
            {
                throw new ArgumentException("bad id 123-45-6789 for jane.example@mail.test, call 555-867-5309, MRN 00482913, born 1980-02-29");
            }
            catch (ArgumentException inner)
            {
                throw new InvalidOperationException(Phi, inner);
            }
        }
        catch (InvalidOperationException exception)
        {
            return exception;
        }
    }

    private sealed class ExceptionCapture : ILoggerProvider
    {
        public ConcurrentQueue<Exception> Exceptions { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(ExceptionCapture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (exception is not null)
                {
                    owner.Exceptions.Enqueue(exception);
                }
            }
        }
    }
}
