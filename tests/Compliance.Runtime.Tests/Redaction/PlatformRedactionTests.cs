using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Compliance.Runtime.Tests.Redaction;

/// <summary>
/// The platform's layer of <c>AddRedaction()</c>: Microsoft.Extensions.Compliance.Redaction's
/// redactors for the HIPAA taxonomy and every other one, and <c>EnableRedaction()</c> for the
/// logging generator's <c>[LoggerMessage]</c> parameters and <c>[LogProperties]</c> members, with
/// the compliance layer still on top.
/// </summary>
public sealed partial class PlatformRedactionTests : IDisposable
{
    private const string Ssn = "123-45-6789";
    private const string Email = "jane@example.org";
    private readonly RenderingLoggerProvider _capture = new();
    private ServiceProvider? _services;

    public void Dispose() => _services?.Dispose();

    [Fact]
    public void LoggerMessageParameters_WithHipaaClassification_AreErased()
    {
        var logger = Build();

        Admitted(logger, Ssn, Email, 7);

        var entry = Assert.Single(_capture.Entries);
        Assert.DoesNotContain(Ssn, entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, entry.Message, StringComparison.Ordinal);
        Assert.Contains("ward 7", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(entry.Properties.Values, v => v is { } text && (text.Contains(Ssn, StringComparison.Ordinal) || text.Contains(Email, StringComparison.Ordinal)));
    }

    [Fact]
    public void LogPropertiesMembers_OfAnyTaxonomy_AreErased()
    {
        var logger = Build();

        Visited(logger, new Visit { Ssn = Ssn, Note = "diabetic", Ward = 3 });

        var entry = Assert.Single(_capture.Entries);
        Assert.DoesNotContain(entry.Properties.Values, v => v is { } text && (text.Contains(Ssn, StringComparison.Ordinal) || text.Contains("diabetic", StringComparison.Ordinal)));
        Assert.Contains(entry.Properties, p => p.Key.EndsWith("Ward", StringComparison.Ordinal) && p.Value == "3");
    }

    [Fact]
    public void RedactorProvider_ErasesTheHipaaTaxonomy_AndFallsBackToErasingForOthers()
    {
        Build();
        var provider = _services!.GetRequiredService<IRedactorProvider>();

        Assert.Equal(string.Empty, provider.GetRedactor(HipaaTaxonomy.Phi).Redact(Ssn));
        Assert.Equal(string.Empty, provider.GetRedactor(HipaaTaxonomy.Pii).Redact(Email));
        Assert.Equal(string.Empty, provider.GetRedactor(AppTaxonomy.Private).Redact("diabetic"));
    }

    [Fact]
    public void ConfiguredRedactors_ReplaceTheDefaults_ForTheirClassifications()
    {
        Build(r => r.SetHmacRedactor(
            o =>
            {
                o.KeyId = 7;
                o.Key = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)i).ToArray());
            },
            new DataClassificationSet(HipaaTaxonomy.Pii)));
        var provider = _services!.GetRequiredService<IRedactorProvider>();

        var pseudonym = provider.GetRedactor(HipaaTaxonomy.Pii).Redact(Email);
        Assert.NotEqual(string.Empty, pseudonym);
        Assert.DoesNotContain(Email, pseudonym, StringComparison.Ordinal);
        Assert.Equal(pseudonym, provider.GetRedactor(HipaaTaxonomy.Pii).Redact(Email));
        Assert.Equal(string.Empty, provider.GetRedactor(HipaaTaxonomy.Phi).Redact(Ssn));
    }

    [Fact]
    public void ComplianceLayer_StillRedactsWholeObjects_OfAnotherTaxonomy()
    {
        var logger = Build();

        logger.LogInformation("Visit {Visit}", new Visit { Ssn = Ssn, Note = "diabetic", Ward = 3 });
        logger.LogInformation("Note {Note}", new PrivateOnly("diabetic"));

        Assert.All(_capture.Entries, entry => Assert.DoesNotContain("diabetic", entry.Message, StringComparison.Ordinal));
        Assert.Equal(["Visit [REDACTED]", "Note [REDACTED]"], _capture.Entries.Select(static e => e.Message));
    }

    [Fact]
    public void ConfiguredClassificationAttributes_AreRedactedByTheComplianceLayer()
    {
        var logger = Build(configure: o => o.ClassificationAttributes.Add("Sensitive"));

        logger.LogInformation("Card {Card}", new Card("4111111111111111"));

        Assert.Equal("Card [REDACTED]", Assert.Single(_capture.Entries).Message);
    }

    private ILogger Build(Action<IRedactionBuilder>? redactors = null, Action<RedactionOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging(logging => logging.AddProvider(_capture).SetMinimumLevel(LogLevel.Debug));
        services.AddCompliance().AddRedaction(configure, redactors);
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<ILogger<PlatformRedactionTests>>();
    }

    [LoggerMessage(LogLevel.Information, "Admitted {Ssn} ({Email}) to ward {Ward}")]
    private static partial void Admitted(ILogger logger, [Phi] string ssn, [Pii] string email, int ward);

    [LoggerMessage(LogLevel.Information, "Visit recorded")]
    private static partial void Visited(ILogger logger, [LogProperties] Visit visit);

    public static class AppTaxonomy
    {
        public static DataClassification Private => new("App", "Private");
    }

    public sealed class PrivateDataAttribute : DataClassificationAttribute
    {
        public PrivateDataAttribute()
            : base(AppTaxonomy.Private)
        {
        }
    }

    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
    public sealed class SensitiveAttribute : Attribute
    {
    }

    public sealed class Visit
    {
        [Phi]
        public string Ssn { get; set; } = "";

        [PrivateData]
        public string Note { get; set; } = "";

        public int Ward { get; set; }
    }

    public sealed record PrivateOnly([property: PrivateData] string Note);

    public sealed record Card([property: Sensitive] string Number);

    /// <summary>
    /// Renders each entry while it is logged, as real providers do: the platform passes redacted
    /// values as pooled objects that are only valid during the call.
    /// </summary>
    private sealed class RenderingLoggerProvider : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<RenderedEntry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new RenderingLogger(this);

        public void Dispose()
        {
        }

        private sealed class RenderingLogger(RenderingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                    ? pairs.ToDictionary(static p => p.Key, static p => p.Value?.ToString())
                    : new Dictionary<string, string?>();
                owner.Entries.Enqueue(new RenderedEntry(formatter(state, exception), properties));
            }
        }
    }

    private sealed record RenderedEntry(string Message, IReadOnlyDictionary<string, string?> Properties);
}
