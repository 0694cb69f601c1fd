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
/// the compliance layer still on top. Both layers write the same marker, <see cref="Redact.Marker"/>.
/// </summary>
public sealed partial class PlatformRedactionTests : IDisposable
{
    private const string Ssn = "123-45-6789";
    private const string Email = "jane@example.org";
    private readonly RenderingLoggerProvider _capture = new();
    private ServiceProvider? _services;

    public void Dispose() => _services?.Dispose();

    [Fact]
    public void BothLayers_WriteTheSameMarker_ThroughRealLogging()
    {
        // Only a name the platform's layer never sees is listed, so each layer's marker is its own.
        var logger = Build(configure: static o => o.ClassifiedNames.Add("Mrn"));

        // The platform's layer: the logging source generator redacts classified parameters and
        // members, empty values included (an empty value must not read as a redacted one, nor the
        // other way round).
        Admitted(logger, Ssn, Email, 7);
        Visited(logger, new Visit { Ssn = Ssn, Note = "diabetic", Ward = 3 });
        Admitted(logger, "", "", 8);

        // The compliance layer: a classified object in ordinary structured state, and a listed name.
        logger.LogInformation("Visit {Visit}", new Visit { Ssn = Ssn, Note = "diabetic", Ward = 3 });
        logger.LogInformation("Lookup {Mrn}", "MRN-0042");

        var entries = _capture.Entries.ToArray();
        Assert.Equal(5, entries.Length);
        var (admitted, visited, empty, visit, lookup) = (entries[0], entries[1], entries[2], entries[3], entries[4]);

        Assert.Equal($"Admitted {Redact.Marker} ({Redact.Marker}) to ward 7", admitted.Message);
        Assert.Equal([Redact.Marker, Redact.Marker], Values(admitted, "Ssn", "Email"));
        Assert.Equal([Redact.Marker, Redact.Marker], Values(visited, "visit.Ssn", "visit.Note"));
        Assert.Equal($"Admitted {Redact.Marker} ({Redact.Marker}) to ward 8", empty.Message);
        Assert.Equal([Redact.Marker, Redact.Marker], Values(empty, "Ssn", "Email"));
        Assert.Equal($"Visit {Redact.Marker}", visit.Message);
        Assert.Equal([Redact.Marker], Values(visit, "Visit"));
        Assert.Equal($"Lookup {Redact.Marker}", lookup.Message);
        Assert.Equal([Redact.Marker], Values(lookup, "Mrn"));

        static string[] Values(RenderedEntry entry, params string[] keys) =>
            [.. keys.Select(key => entry.Properties.TryGetValue(key, out var value) ? value ?? "<null>" : $"<no {key} in {string.Join(", ", entry.Properties.Keys)}>")];
    }

    [Fact]
    public void LoggerMessageParameters_WithHipaaClassification_AreRedacted()
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
    public void LogPropertiesMembers_OfAnyTaxonomy_AreRedacted()
    {
        var logger = Build();

        Visited(logger, new Visit { Ssn = Ssn, Note = "diabetic", Ward = 3 });

        var entry = Assert.Single(_capture.Entries);
        Assert.DoesNotContain(entry.Properties.Values, v => v is { } text && (text.Contains(Ssn, StringComparison.Ordinal) || text.Contains("diabetic", StringComparison.Ordinal)));
        Assert.Contains(entry.Properties, p => p.Key.EndsWith("Ward", StringComparison.Ordinal) && p.Value == "3");
    }

    [Fact]
    public void RedactorProvider_WritesTheMarker_ForTheHipaaTaxonomy_AndForOthers()
    {
        Build();
        var provider = _services!.GetRequiredService<IRedactorProvider>();

        Assert.Equal(Redact.Marker, provider.GetRedactor(HipaaTaxonomy.Phi).Redact(Ssn));
        Assert.Equal(Redact.Marker, provider.GetRedactor(HipaaTaxonomy.Pii).Redact(Email));
        Assert.Equal(Redact.Marker, provider.GetRedactor(AppTaxonomy.Private).Redact("diabetic"));

        // Empty and null values are marked too, and values of other types: a redacted value never
        // reads as an empty one.
        Assert.Equal(Redact.Marker, provider.GetRedactor(HipaaTaxonomy.Phi).Redact(string.Empty));
        Assert.Equal(Redact.Marker, provider.GetRedactor(HipaaTaxonomy.Phi).Redact((string?)null));
        Assert.Equal(Redact.Marker, provider.GetRedactor(HipaaTaxonomy.Phi).Redact(123456789));
        Assert.Equal(Redact.Marker, provider.GetRedactor(HipaaTaxonomy.Phi).Redact(new DateOnly(1980, 2, 29)));
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
        Assert.NotEqual(Redact.Marker, pseudonym);
        Assert.DoesNotContain(Email, pseudonym, StringComparison.Ordinal);
        Assert.Equal(pseudonym, provider.GetRedactor(HipaaTaxonomy.Pii).Redact(Email));
        Assert.Equal(Redact.Marker, provider.GetRedactor(HipaaTaxonomy.Phi).Redact(Ssn));
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
