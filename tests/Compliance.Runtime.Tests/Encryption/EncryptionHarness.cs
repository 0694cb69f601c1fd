using System.Collections.Concurrent;
using System.Security.Cryptography;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Encryption;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.Tests.Encryption;

/// <summary>Field encryption wired through dependency injection, on a shared in-memory key store.</summary>
internal sealed class EncryptionHarness : IDisposable
{
    public EncryptionHarness(IDataKeyStore? store = null, byte[]? kek = null, TestClock? clock = null, Action<FieldEncryptionOptions>? configure = null)
    {
        Store = store ?? new InMemoryDataKeyStore();
        Clock = clock ?? new TestClock();
        Kek = kek ?? RandomNumberGenerator.GetBytes(32);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(Store);
        services.AddSingleton<IKeyEncryptionKeyProvider>(new LocalKeyEncryptionKeyProvider(Kek));
        services.AddSingleton<IAuditLog>(Audit);
        services.AddCompliance().AddFieldEncryption(configure);
        Services = services.BuildServiceProvider();
    }

    public IDataKeyStore Store { get; }

    public TestClock Clock { get; }

    public byte[] Kek { get; }

    public RecordingAuditLog Audit { get; } = new();

    public ServiceProvider Services { get; }

    public IFieldEncryptor Encryptor => Services.GetRequiredService<IFieldEncryptor>();

    public IKeyRing Ring => Services.GetRequiredService<IKeyRing>();

    public IBlindIndexer Indexer => Services.GetRequiredService<IBlindIndexer>();

    public void Dispose() => Services.Dispose();
}

internal sealed class RecordingAuditLog : IAuditLog
{
    public ConcurrentQueue<AuditEvent> Events { get; } = new();

    public ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        Events.Enqueue(auditEvent);
        return ValueTask.CompletedTask;
    }
}
