using System.Security.Cryptography;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Files;
using Compliance.Runtime.Auditing.Infrastructure;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Tests.Auditing;

/// <summary>A real writer over a real file store in a directory, as the host would run it.</summary>
internal sealed class AuditHarness : IAsyncDisposable
{
    private AuditHarness(string directory, byte[] key, AuditWriter writer, FileAuditStore store)
    {
        Directory = directory;
        Key = key;
        Writer = writer;
        Store = store;
    }

    public string Directory { get; }

    public byte[] Key { get; }

    public AuditWriter Writer { get; }

    public FileAuditStore Store { get; }

    /// <param name="sealer">When given, the sealing stage the host puts between writer and store (chained checkpoints, asymmetric seals).</param>
    public static async Task<AuditHarness> StartAsync(string directory, byte[]? key = null, Action<AuditOptions>? configure = null, TimeProvider? time = null, Compliance.Runtime.Auditing.Chain.AuditSealer? sealer = null)
    {
        key ??= RandomNumberGenerator.GetBytes(32);
        var options = new AuditOptions { Directory = directory, SealKey = Convert.ToBase64String(key) };
        configure?.Invoke(options);
        time ??= TimeProvider.System;
        var store = new FileAuditStore(directory, options.MaxFileSize, time);
        IAuditStore writerStore = sealer is null ? store : new Compliance.Runtime.Auditing.Chain.SealingAuditStore(store, sealer);
        var writer = new AuditWriter(writerStore, Options.Create(options), Options.Create(new ComplianceOptions { ServiceName = "tests" }), new AuditSealKey(key), time);
        await writer.StartingAsync(CancellationToken.None);
        return new AuditHarness(directory, key, writer, store);
    }

    public static AuditEvent Event(int index = 0, string action = AuditActions.PhiRead) => new()
    {
        Action = action,
        Actor = new AuditActor("user", "user-" + index),
        Resource = new AuditResource("Patient", index.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Outcome = AuditOutcome.FromStatusCode(200),
        Request = new AuditRequest("GET", "api/patients/{id}", null, "127.0.0.1"),
    };

    public ValueTask<AuditVerificationReport> VerifyAsync() => new FileAuditVerifier(Directory, Key).VerifyAsync();

    public async ValueTask DisposeAsync()
    {
        await Writer.StoppedAsync(CancellationToken.None);
        await Writer.DisposeAsync();
    }
}
