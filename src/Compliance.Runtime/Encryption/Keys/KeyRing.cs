using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Security.Cryptography;
using Compliance.Runtime.Auditing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Encryption;

/// <summary>
/// The key ring. Reads go through an immutable snapshot swapped atomically, so the hot path takes
/// no lock; changes (load, rotate, revoke) are serialised by one gate. Unwrapped keys are carried
/// from one snapshot to the next, so the KEK provider is called only for keys not seen before.
/// </summary>
internal sealed partial class KeyRing : IKeyRing, IDisposable
{
    internal const int KeyLength = 32;

    private readonly IDataKeyStore _store;
    private readonly IKeyEncryptionKeyProvider _kek;
    private readonly FieldEncryptionOptions _options;
    private readonly TimeProvider _time;
    private readonly IServiceProvider? _services;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RingSnapshot? _snapshot;
    private long _lastUnknownKeyReload = long.MinValue;

    public KeyRing(IDataKeyStore store, IKeyEncryptionKeyProvider kek, IOptions<FieldEncryptionOptions> options, TimeProvider time, IServiceProvider? services = null, ILogger<KeyRing>? logger = null)
    {
        _store = store;
        _kek = kek;
        _options = options.Value;
        _time = time;
        _services = services;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public DataKeyInfo ActiveKey => Snapshot.Active.Info;

    public IReadOnlyList<DataKeyInfo> Keys => Snapshot.Infos;

    internal RingSnapshot Snapshot => Volatile.Read(ref _snapshot) ?? LoadSynchronously();

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await LoadCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<DataKeyInfo> RotateAsync(CancellationToken cancellationToken = default)
    {
        DataKeyInfo created;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            created = await RotateCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        LogRotated(_logger, created.DisplayId);
        await AuditAsync(AuditActions.KeyRotated, created.KeyId, cancellationToken).ConfigureAwait(false);
        return created;
    }

    public async Task<DataKeyInfo> RevokeAsync(uint keyId, CancellationToken cancellationToken = default)
    {
        DataKeyInfo revoked;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await _store.GetAllAsync(cancellationToken).ConfigureAwait(false);
            var key = stored.FirstOrDefault(k => k.KeyId == keyId && k.Purpose == DataKeyPurpose.FieldEncryption)
                ?? throw new KeyNotFoundException($"No field-encryption key has id {keyId:x8}.");
            if (key.State != DataKeyState.Revoked)
            {
                if (Volatile.Read(ref _snapshot)?.Active.Info.KeyId == keyId || key.State == DataKeyState.Active)
                {
                    await RotateCoreAsync(cancellationToken).ConfigureAwait(false);
                }

                var now = _time.GetUtcNow();
                await _store.UpdateStateAsync(key with { State = DataKeyState.Revoked, RetiredAt = key.RetiredAt ?? now, RevokedAt = now }, cancellationToken).ConfigureAwait(false);
                await LoadCoreAsync(cancellationToken).ConfigureAwait(false);
            }

            revoked = Snapshot.Infos.First(k => k.KeyId == keyId);
        }
        finally
        {
            _gate.Release();
        }

        LogRevoked(_logger, revoked.DisplayId);
        await AuditAsync(AuditActions.KeyRevoked, keyId, cancellationToken).ConfigureAwait(false);
        return revoked;
    }

    /// <summary>
    /// Finds a key by id. An id the ring does not know may be a key another node just created, so
    /// the ring reloads once (throttled) before giving up.
    /// </summary>
    internal bool TryGetKey(uint keyId, out RingEntry entry)
    {
        if (Snapshot.Keys.TryGetValue(keyId, out entry!))
        {
            return true;
        }

        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastUnknownKeyReload);
        if (last != long.MinValue && _time.GetElapsedTime(last, now) < _options.UnknownKeyReloadThrottle)
        {
            return false;
        }

        if (Interlocked.CompareExchange(ref _lastUnknownKeyReload, now, last) == last)
        {
            LoadSynchronously();
        }

        return Snapshot.Keys.TryGetValue(keyId, out entry!);
    }

    /// <summary>Writes the audit event of a refused read under a revoked key without blocking the (synchronous) decrypt.</summary>
    internal void AuditRevokedKeyUse(uint keyId)
    {
        LogRevokedKeyUse(_logger, keyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        var audit = _services?.GetService<IAuditLog>();
        if (audit is null)
        {
            return;
        }

        var write = audit.WriteAsync(AuditEvent.Security(
            FieldEncryptionAuditActions.RevokedKeyUsed,
            AuditResult.Denied,
            resource: KeyResource(keyId),
            reason: "key_revoked"));
        if (!write.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(write);
        }
    }

    public void Dispose()
    {
        var snapshot = Interlocked.Exchange(ref _snapshot, null);
        if (snapshot is not null)
        {
            foreach (var entry in snapshot.Keys.Values)
            {
                entry.Material.Dispose();
            }

            CryptographicOperations.ZeroMemory(snapshot.BlindIndexRoot);
        }

        _gate.Dispose();
    }

    private static AuditResource KeyResource(uint keyId) =>
        new("encryption-key", keyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));

    private RingSnapshot LoadSynchronously()
    {
        // Only reached when no host started the ring (console tools, tests) or for an unknown key
        // id; the hosted initializer normally loads it before the first request.
        Task.Run(() => LoadAsync()).GetAwaiter().GetResult();
        return Volatile.Read(ref _snapshot) ?? throw new InvalidOperationException("The key ring could not be loaded.");
    }

    private async Task<DataKeyInfo> RotateCoreAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.GetAllAsync(cancellationToken).ConfigureAwait(false);
        var created = await CreateKeyAsync(DataKeyPurpose.FieldEncryption, stored, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        foreach (var previous in stored.Where(k => k.Purpose == DataKeyPurpose.FieldEncryption && k.State == DataKeyState.Active))
        {
            await _store.UpdateStateAsync(previous with { State = DataKeyState.Retired, RetiredAt = now }, cancellationToken).ConfigureAwait(false);
        }

        await LoadCoreAsync(cancellationToken).ConfigureAwait(false);
        return Snapshot.Infos.First(k => k.KeyId == created.KeyId);
    }

    private async Task LoadCoreAsync(CancellationToken cancellationToken)
    {
        var stored = (await _store.GetAllAsync(cancellationToken).ConfigureAwait(false)).ToList();
        if (_options.CreateKeysIfMissing)
        {
            if (!stored.Any(k => k.Purpose == DataKeyPurpose.FieldEncryption && k.State == DataKeyState.Active))
            {
                stored.Add(await CreateKeyAsync(DataKeyPurpose.FieldEncryption, stored, cancellationToken).ConfigureAwait(false));
            }

            if (!stored.Any(k => k.Purpose == DataKeyPurpose.BlindIndexRoot))
            {
                stored.Add(await CreateKeyAsync(DataKeyPurpose.BlindIndexRoot, stored, cancellationToken).ConfigureAwait(false));
            }
        }

        var previous = Volatile.Read(ref _snapshot);
        var entries = new Dictionary<uint, RingEntry>();
        foreach (var key in stored.Where(k => k.Purpose == DataKeyPurpose.FieldEncryption))
        {
            var material = previous is not null && previous.Keys.TryGetValue(key.KeyId, out var known)
                ? known.Material
                : new KeyMaterial(await UnwrapAsync(key, cancellationToken).ConfigureAwait(false));
            entries[key.KeyId] = new RingEntry(new DataKeyInfo(key.KeyId, key.State, key.CreatedAt, key.RetiredAt, key.RevokedAt), material);
        }

        // Two nodes may both have created a first key; the newest active key wins everywhere.
        var active = entries.Values
            .Where(e => e.Info.State == DataKeyState.Active)
            .OrderByDescending(e => e.Info.CreatedAt)
            .ThenByDescending(e => e.Info.KeyId)
            .FirstOrDefault()
            ?? throw new InvalidOperationException("The key ring has no active field-encryption key. Create one with IKeyRing.RotateAsync or enable CreateKeysIfMissing.");

        var root = stored.Where(k => k.Purpose == DataKeyPurpose.BlindIndexRoot && k.State != DataKeyState.Revoked)
            .OrderBy(k => k.CreatedAt)
            .ThenBy(k => k.KeyId)
            .FirstOrDefault();
        var rootBytes = previous is not null && root is not null && previous.BlindIndexRootId == root.KeyId
            ? previous.BlindIndexRoot
            : root is null ? [] : await UnwrapAsync(root, cancellationToken).ConfigureAwait(false);

        var infos = entries.Values.Select(e => e.Info).OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.KeyId).ToArray();
        Volatile.Write(ref _snapshot, new RingSnapshot(entries.ToFrozenDictionary(), active, infos, root?.KeyId ?? 0, rootBytes));
    }

    private async Task<StoredDataKey> CreateKeyAsync(DataKeyPurpose purpose, IReadOnlyCollection<StoredDataKey> existing, CancellationToken cancellationToken)
    {
        uint keyId;
        do
        {
            keyId = BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));
        }
        while (keyId == 0 || existing.Any(k => k.KeyId == keyId));

        var key = RandomNumberGenerator.GetBytes(KeyLength);
        try
        {
            var kekId = _kek.CurrentKeyEncryptionKeyId;
            var wrapped = await _kek.WrapAsync(key, WrappingContext(keyId, purpose, kekId), cancellationToken).ConfigureAwait(false);
            var stored = new StoredDataKey(keyId, purpose, DataKeyState.Active, _time.GetUtcNow(), null, null, kekId, wrapped);
            await _store.AddAsync(stored, cancellationToken).ConfigureAwait(false);
            return stored;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private async Task<byte[]> UnwrapAsync(StoredDataKey key, CancellationToken cancellationToken)
    {
        var bytes = await _kek.UnwrapAsync(key.KeyEncryptionKeyId, key.WrappedKey, WrappingContext(key.KeyId, key.Purpose, key.KeyEncryptionKeyId), cancellationToken).ConfigureAwait(false);
        if (bytes.Length != KeyLength)
        {
            CryptographicOperations.ZeroMemory(bytes);
            throw new CryptographicException($"Data key {key.KeyId:x8} does not unwrap to 32 bytes.");
        }

        return bytes;
    }

    // Binds a wrapped key to its id, purpose and KEK, so rows of the key table cannot be swapped.
    private static byte[] WrappingContext(uint keyId, DataKeyPurpose purpose, string kekId) =>
        EncryptionContext.Encode("cr.dek.v1", keyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture), purpose == DataKeyPurpose.BlindIndexRoot ? "bidx-root" : "field", kekId);

    private async Task AuditAsync(string action, uint keyId, CancellationToken cancellationToken)
    {
        var audit = _services?.GetService<IAuditLog>();
        if (audit is not null)
        {
            await audit.WriteAsync(AuditEvent.Security(action, AuditResult.Success, resource: KeyResource(keyId)), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ObserveAsync(ValueTask write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The decrypt already failed closed; a failed audit write must be visible, not thrown on a background thread.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogAuditFailed(_logger, exception);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Field-encryption key rotated; new active key {KeyId}.")]
    private static partial void LogRotated(ILogger logger, string keyId);

    [LoggerMessage(2, LogLevel.Warning, "Field-encryption key {KeyId} revoked.")]
    private static partial void LogRevoked(ILogger logger, string keyId);

    [LoggerMessage(3, LogLevel.Warning, "Refused to decrypt a value under revoked key {KeyId}.")]
    private static partial void LogRevokedKeyUse(ILogger logger, string keyId);

    [LoggerMessage(4, LogLevel.Error, "Could not write the audit event of a refused decryption.")]
    private static partial void LogAuditFailed(ILogger logger, Exception exception);

    internal sealed record RingSnapshot(FrozenDictionary<uint, RingEntry> Keys, RingEntry Active, IReadOnlyList<DataKeyInfo> Infos, uint BlindIndexRootId, byte[] BlindIndexRoot);

    internal sealed record RingEntry(DataKeyInfo Info, KeyMaterial Material);

    /// <summary>An unwrapped key and a pool of ciphers over it (<see cref="AesGcm"/> instances are not thread-safe).</summary>
    internal sealed class KeyMaterial : IDisposable
    {
        private readonly byte[] _key;
        private long _encryptions;

        public KeyMaterial(byte[] key)
        {
            _key = key;
            Ciphers = new DefaultObjectPool<AesGcm>(new CipherPolicy(key), Environment.ProcessorCount * 2);
        }

        public ObjectPool<AesGcm> Ciphers { get; }

        /// <summary>Encryptions by this process (random 96-bit nonces allow about 2^32 per key).</summary>
        public long Encryptions => Interlocked.Read(ref _encryptions);

        public void CountEncryption() => Interlocked.Increment(ref _encryptions);

        public void Dispose()
        {
            (Ciphers as IDisposable)?.Dispose();
            CryptographicOperations.ZeroMemory(_key);
        }

        private sealed class CipherPolicy(byte[] key) : PooledObjectPolicy<AesGcm>
        {
            public override AesGcm Create() => new(key, FieldEnvelope.TagLength);

            public override bool Return(AesGcm obj) => true;
        }
    }
}

/// <summary>Audit actions of field encryption that the shared taxonomy does not name.</summary>
public static class FieldEncryptionAuditActions
{
    /// <summary>A value under a revoked key was read and refused.</summary>
    public const string RevokedKeyUsed = "key.revoked.used";

    /// <summary>A re-encryption job moved values to the active key.</summary>
    public const string Reencrypted = "key.reencrypted";
}
