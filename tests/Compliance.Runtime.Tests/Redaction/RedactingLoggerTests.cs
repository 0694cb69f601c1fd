using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Compliance.Runtime.Tests.Redaction;

public sealed class RedactingLoggerTests : IDisposable
{
    private const string Ssn = "123-45-6789";
    private readonly CapturingLoggerProvider _capture = new();
    private readonly ServiceProvider _services;

    public RedactingLoggerTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging(logging => logging.AddProvider(_capture).SetMinimumLevel(LogLevel.Debug));
        services.AddCompliance().AddRedaction(o => o.ClassifiedNames.Add("SocialSecurityNumber"));
        _services = services.BuildServiceProvider();
        Logger = _services.GetRequiredService<ILogger<RedactingLoggerTests>>();
    }

    private ILogger Logger { get; }

    public void Dispose() => _services.Dispose();

    [Fact]
    public void ClassifiedObject_IsRedacted_InPropertiesAndMessage()
    {
        Logger.LogInformation("Admitted {Patient} to ward {Ward}", new PatientRecord("Jane Example", Ssn), 7);

        var entry = Assert.Single(_capture.Entries);
        Assert.Equal("Admitted [REDACTED] to ward 7", entry.Message);
        Assert.Equal(Redact.Marker, entry.Properties["Patient"]);
        Assert.Equal(7, entry.Properties["Ward"]);
        Assert.Equal("Admitted {Patient} to ward {Ward}", entry.Properties["{OriginalFormat}"]);
        AssertNoPhi(entry);
    }

    [Fact]
    public void NestedCollectionsAndDictionaries_AreRedacted()
    {
        var patient = new PatientRecord("Jane Example", Ssn);
        Logger.LogInformation("{Ward}", new Ward("B", [patient]));
        Logger.LogInformation("{Patients}", new List<PatientRecord> { patient });
        Logger.LogInformation("{ByBed}", new Dictionary<int, PatientRecord> { [1] = patient });
        Logger.LogInformation("{Anonymous}", new { Bed = 3, Patient = patient });
        Logger.LogInformation("{Tuple}", (3, patient));
        Logger.LogInformation("{Array}", [new object[] { patient }]);

        Assert.Equal(6, _capture.Entries.Count);
        Assert.All(_capture.Entries, entry => Assert.Equal(Redact.Marker, entry.Message));
        Assert.All(_capture.Entries, AssertNoPhi);
    }

    [Fact]
    public void ObjectsOfUnknownContent_AreRedacted_NotPrinted()
    {
        Logger.LogInformation("{Envelope}", new Envelope(new PatientRecord("Jane Example", Ssn)));
        Logger.LogInformation("{Holder}", new InterfaceHolder(new PatientRecord("Jane Example", Ssn)));

        Assert.All(_capture.Entries, entry => Assert.Equal(Redact.Marker, entry.Message));
    }

    [Fact]
    public void PositionalRecordsMarkedOnParameters_AreRedacted()
    {
        Logger.LogWarning("{Contact}", new Contact("jane@example.org"));

        Assert.Equal(Redact.Marker, Assert.Single(_capture.Entries).Message);
    }

    [Fact]
    public void ConfiguredNames_AreRedactedWhateverTheirType()
    {
        Logger.LogInformation("Lookup by {SocialSecurityNumber} for {@socialsecuritynumber}", Ssn, Ssn);

        var entry = Assert.Single(_capture.Entries);
        Assert.Equal("Lookup by [REDACTED] for [REDACTED]", entry.Message);
        AssertNoPhi(entry);
    }

    [Fact]
    public void UnclassifiedState_PassesThroughUntouched()
    {
        Logger.LogInformation("Appointment {Id} at {When:yyyy-MM-dd} costs {{fee}} {Items}", 42, new DateTime(2025, 3, 14, 0, 0, 0, DateTimeKind.Utc), new[] { 1, 2 });
        Logger.LogDebug("{Plain}", new Appointment(5, "follow-up"));

        Assert.Equal("Appointment 42 at 2025-03-14 costs {fee} 1, 2", _capture.Entries.First().Message);
        Assert.Equal("Appointment { Id = 5, Kind = follow-up }", _capture.Entries.Last().Message);
    }

    [Fact]
    public void RedactedMessages_KeepFormatsAndEscapes()
    {
        Logger.LogInformation("{{literal}} {Amount:F2} {Patient} {Missing}", 3.14159, new PatientRecord("Jane", Ssn), null);

        Assert.Equal("{literal} 3.14 [REDACTED] (null)", Assert.Single(_capture.Entries).Message);
    }

    [Fact]
    public void ScopesAndNonStructuredState_AreRedacted()
    {
        using (Logger.BeginScope("{Patient}", new PatientRecord("Jane Example", Ssn)))
        {
            Logger.LogInformation("inside");
        }

        Logger.Log(LogLevel.Information, default, new PatientRecord("Jane", Ssn), null, (s, _) => s.ToString());

        Assert.Equal("[REDACTED]", _capture.Scopes.Single());
        Assert.Equal(Redact.Marker, _capture.Entries.Last().Message);
    }

    [Fact]
    public void HashKey_IsAvailableAfterAddRedaction()
    {
        Assert.Matches("^h:[0-9a-f]{32}$", Redact.Hash(Ssn));
    }

    private static void AssertNoPhi(CapturedEntry entry)
    {
        Assert.DoesNotContain(Ssn, entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(entry.Properties.Values, v => v?.ToString()?.Contains("6789", StringComparison.Ordinal) == true);
    }

    public sealed record PatientRecord([property: Phi(Category = "name")] string Name, [property: Phi(Category = "ssn")] string Ssn);

    public sealed record Ward(string Name, IReadOnlyList<PatientRecord> Patients);

    public sealed record Envelope(object Payload);

    public sealed record InterfaceHolder(IEquatable<PatientRecord> Value);

    public sealed record Contact([Pii] string Email);

    public sealed record Appointment(int Id, string Kind);
}

internal sealed record CapturedEntry(string Message, IReadOnlyDictionary<string, object?> Properties);

internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider? _scopes;

    public ConcurrentQueue<CapturedEntry> Entries { get; } = new();

    public ConcurrentQueue<string> Scopes { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            owner.Scopes.Enqueue(state.ToString() ?? string.Empty);
            return owner._scopes?.Push(state);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : new Dictionary<string, object?>();
            owner._scopes?.ForEachScope(static (scope, scopes) => scopes.Enqueue(scope?.ToString() ?? string.Empty), owner.Scopes);
            owner.Entries.Enqueue(new CapturedEntry(formatter(state, exception), properties));
        }
    }
}
