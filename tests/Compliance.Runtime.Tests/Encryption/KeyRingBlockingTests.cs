using Compliance.Runtime.Encryption;

namespace Compliance.Runtime.Tests.Encryption;

/// <summary>Issue 14, item 13: the decrypt path never waits for the key store longer than <c>UnknownKeyReloadWait</c>.</summary>
public sealed class KeyRingBlockingTests
{
    private static readonly EncryptionContext Diagnosis = new("patients", "diagnosis");

    [Fact]
    public async Task AnUnknownKeyId_DoesNotBlockTheDecryptingThread_AndIsReadableOnceTheBackgroundReloadEnds()
    {
        using var writer = new EncryptionHarness();
        var gate = new GatedStore(writer.Store);
        using var reader = new EncryptionHarness(gate, writer.Kek);
        await reader.Ring.LoadAsync();

        await writer.Ring.RotateAsync();
        var fresh = writer.Encryptor.EncryptString("written by node A", Diagnosis);

        // The store hangs (a slow database, a KMS outage): the decrypt waits for the reload at most
        // UnknownKeyReloadWait (2 s by default), then fails; it never waits for the store itself.
        gate.Close();
        var decrypt = Task.Run(() => Assert.Throws<UnknownKeyException>(() => reader.Encryptor.DecryptString(fresh, Diagnosis, out _)));
        var finished = await Task.WhenAny(decrypt, Task.Delay(TimeSpan.FromSeconds(5)));
        gate.Open();
        Assert.Same(decrypt, finished);
        await decrypt;

        await ((KeyRing)reader.Ring).PendingReload!;
        Assert.Equal("written by node A", reader.Encryptor.DecryptString(fresh, Diagnosis, out _));
    }

    private sealed class GatedStore(IDataKeyStore inner) : IDataKeyStore
    {
        private volatile TaskCompletionSource _gate = Opened();

        public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _gate.TrySetResult();

        public async Task<IReadOnlyList<StoredDataKey>> GetAllAsync(CancellationToken cancellationToken = default)
        {
            await _gate.Task.WaitAsync(cancellationToken);
            return await inner.GetAllAsync(cancellationToken);
        }

        public Task AddAsync(StoredDataKey key, CancellationToken cancellationToken = default) => inner.AddAsync(key, cancellationToken);

        public Task UpdateStateAsync(StoredDataKey key, CancellationToken cancellationToken = default) => inner.UpdateStateAsync(key, cancellationToken);

        private static TaskCompletionSource Opened()
        {
            var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            opened.SetResult();
            return opened;
        }
    }
}
