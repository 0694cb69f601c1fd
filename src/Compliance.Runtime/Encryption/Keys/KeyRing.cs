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

    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    private readonly IDataKeyStore _store;
    private readonly IKeyEncryptionKeyProvider _kek;
    private readonly FieldEncryptionOptions _options;
    private readonly TimeProvider _time;
    private readonly IAuditLog _audit;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RingSnapshot? _snapshot;
    private long _lastUnknownKeyReload = long.MinValue;
    private bool _migrating;
    private Task? _pendingReload;

    public KeyRing(IDataKeyStore store, IKeyEncryptionKeyProvider kek, IOptions<FieldEncryptionOptions> options, TimeProvider time, IAuditLog? audit = null, ILogger<KeyRing>? logger = null)
    {
        _store = store;
        _kek = kek;
        _options = options.Value;
        _time = time;
        _audit = audit ?? NullAuditLog.Instance;
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
            // The ring must be current (and hold the metadata key) before it writes a MAC.
            await LoadCoreAsync(cancellationToken).ConfigureAwait(false);
            var stored = await _store.GetAllAsync(cancellationToken).ConfigureAwait(false);
            var key = stored.FirstOrDefault(k => k.KeyId == keyId && k.Purpose == DataKeyPurpose.FieldEncryption)
                ?? throw new KeyNotFoundException($"No field-encryption key has id {keyId:x8}.");
            if (key.State != DataKeyState.Revoked)
            {
                if (Volatile.Read(ref _snapshot)?.Active.Info.KeyId == keyId || key.State == DataKeyState.Active)
                {
                    await RotateCoreAsync(cancellationToken).ConfigureAwait(false);
                }

                var now = Now();
                await _store.UpdateStateAsync(Authenticated(key with { State = DataKeyState.Revoked, RetiredAt = key.RetiredAt ?? now, RevokedAt = now }), cancellationToken).ConfigureAwait(false);
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

    /// <summary>The reload started by the last unknown key id, if any (tests await it).</summary>
    internal Task? PendingReload => Volatile.Read(ref _pendingReload);

    /// <summary>
    /// Finds a key by id. An id the ring does not know may be a key another node just created, so
    /// the ring reloads once (at most one reload per <see cref="FieldEncryptionOptions.UnknownKeyReloadThrottle"/>,
    /// shared by every caller that meets an unknown id meanwhile) and looks again before failing. The
    /// decrypting thread waits for that reload at most <see cref="FieldEncryptionOptions.UnknownKeyReloadWait"/>:
    /// a hanging key store or KMS never holds a request longer than that.
    /// </summary>
    internal bool TryGetKey(uint keyId, out RingEntry entry)
    {
        if (Snapshot.Keys.TryGetValue(keyId, out entry!))
        {
            return true;
        }

        var reload = StartOrJoinUnknownKeyReload();
        if (reload is null || _options.UnknownKeyReloadWait <= TimeSpan.Zero)
        {
            return false;
        }

        // ReloadInBackgroundAsync never faults (failures are logged), so the wait only ends or times out.
        if (!reload.IsCompleted && !reload.Wait(_options.UnknownKeyReloadWait))
        {
            return false;
        }

        return Snapshot.Keys.TryGetValue(keyId, out entry!);
    }

    /// <summary>The reload an unknown key id may wait for: the one under way, or a new one when the throttle allows it; null otherwise.</summary>
    private Task? StartOrJoinUnknownKeyReload()
    {
        var pending = Volatile.Read(ref _pendingReload);
        if (pending is { IsCompleted: false })
        {
            return pending;
        }

        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastUnknownKeyReload);
        if (last != long.MinValue && _time.GetElapsedTime(last, now) < _options.UnknownKeyReloadThrottle)
        {
            return null;
        }

        if (Interlocked.CompareExchange(ref _lastUnknownKeyReload, now, last) != last)
        {
            // Another thread won the race and started the reload: wait for that one.
            return Volatile.Read(ref _pendingReload);
        }

        var reload = Task.Run(ReloadInBackgroundAsync);
        Volatile.Write(ref _pendingReload, reload);
        return reload;
    }

    /// <summary>Writes the audit event of a refused read under a revoked key without blocking the (synchronous) decrypt.</summary>
    internal void AuditRevokedKeyUse(uint keyId)
    {
        LogRevokedKeyUse(_logger, keyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        var write = _audit.WriteAsync(AuditEvent.Security(
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
            CryptographicOperations.ZeroMemory(snapshot.MetadataKey);
        }

        _gate.Dispose();
    }

    private static AuditResource KeyResource(uint keyId) =>
        new("encryption-key", keyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));

    private async Task ReloadInBackgroundAsync()
    {
        try
        {
            await LoadAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed background reload keeps the last good ring; it is logged and retried on the next unknown id or tick.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogBackgroundReloadFailed(_logger, exception);
        }
    }

    private RingSnapshot LoadSynchronously()
    {
        // Only reached once, when no host started the ring (console tools, tests): the hosted
        // refresher loads it before the first request, so no request thread ever gets here.
        Task.Run(() => LoadAsync()).GetAwaiter().GetResult();
        return Volatile.Read(ref _snapshot) ?? throw new InvalidOperationException("The key ring could not be loaded.");
    }

    private async Task<DataKeyInfo> RotateCoreAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _snapshot) is null)
        {
            await LoadCoreAsync(cancellationToken).ConfigureAwait(false);
        }

        var stored = await _store.GetAllAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = Volatile.Read(ref _snapshot)!;
        var created = await CreateKeyAsync(DataKeyPurpose.FieldEncryption, stored, snapshot.MetadataKey, cancellationToken).ConfigureAwait(false);
        var now = created.CreatedAt;

        // Only keys whose metadata authenticates are retired (and re-MACed); a record that failed
        // authentication stays as it is, treated as revoked, so a rotation never launders an edit.
        foreach (var previous in stored.Where(k => k.Purpose == DataKeyPurpose.FieldEncryption && k.State == DataKeyState.Active && IsAuthentic(snapshot.MetadataKey, k)))
        {
            await _store.UpdateStateAsync(Authenticated(previous with { State = DataKeyState.Retired, RetiredAt = now }), cancellationToken).ConfigureAwait(false);
        }

        await LoadCoreAsync(cancellationToken).ConfigureAwait(false);
        return Snapshot.Infos.First(k => k.KeyId == created.KeyId);
    }

    private async Task LoadCoreAsync(CancellationToken cancellationToken)
    {
        _migrating = false;
        var stored = (await _store.GetAllAsync(cancellationToken).ConfigureAwait(false)).ToList();
        var previous = Volatile.Read(ref _snapshot);
        var (metadataKeyId, metadataKey) = await LoadMetadataKeyAsync(stored, previous, cancellationToken).ConfigureAwait(false);
        var unauthenticated = new List<uint>();
        var verified = new List<StoredDataKey>(stored.Count);
        foreach (var key in stored.Where(static k => k.Purpose != DataKeyPurpose.MetadataAuthentication))
        {
            var checkedKey = await VerifyAsync(key, metadataKey, previous, cancellationToken).ConfigureAwait(false);
            if (checkedKey is null)
            {
                unauthenticated.Add(key.KeyId);
                LogMetadataUnauthenticated(_logger, key.KeyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
            }

            // A record that does not authenticate is kept only as revoked: its bytes may still be
            // rescued by an explicit re-encryption, but it never encrypts or decrypts on its own.
            verified.Add(checkedKey ?? key with { State = DataKeyState.Revoked, RevokedAt = key.RevokedAt ?? key.RetiredAt ?? key.CreatedAt });
        }

        if (_options.CreateKeysIfMissing && metadataKey is not null)
        {
            if (!verified.Any(k => k.Purpose == DataKeyPurpose.FieldEncryption && k.State == DataKeyState.Active))
            {
                verified.Add(await CreateKeyAsync(DataKeyPurpose.FieldEncryption, stored, metadataKey, cancellationToken).ConfigureAwait(false));
            }

            if (!verified.Any(k => k.Purpose == DataKeyPurpose.BlindIndexRoot && k.State != DataKeyState.Revoked) && !stored.Any(k => k.Purpose == DataKeyPurpose.BlindIndexRoot))
            {
                verified.Add(await CreateKeyAsync(DataKeyPurpose.BlindIndexRoot, stored, metadataKey, cancellationToken).ConfigureAwait(false));
            }
        }

        var entries = new Dictionary<uint, RingEntry>();
        foreach (var key in verified.Where(k => k.Purpose == DataKeyPurpose.FieldEncryption))
        {
            KeyMaterial material;
            if (previous is not null && previous.Keys.TryGetValue(key.KeyId, out var known))
            {
                material = known.Material;
            }
            else
            {
                try
                {
                    material = new KeyMaterial(await UnwrapAsync(key, cancellationToken).ConfigureAwait(false));
                }
                catch (CryptographicException) when (unauthenticated.Contains(key.KeyId))
                {
                    // An edited record whose bytes do not unwrap either: nothing to rescue.
                    continue;
                }
            }

            entries[key.KeyId] = new RingEntry(new DataKeyInfo(key.KeyId, key.State, key.CreatedAt, key.RetiredAt, key.RevokedAt), material);
        }

        // Two nodes may both have created a first key; the newest active key wins everywhere.
        // Creation times are strictly increasing within a store (CreateKeyAsync), and the id
        // breaks the tie between nodes, so every node picks the same key.
        var active = entries.Values
            .Where(e => e.Info.State == DataKeyState.Active)
            .OrderByDescending(e => e.Info.CreatedAt)
            .ThenByDescending(e => e.Info.KeyId)
            .FirstOrDefault()
            ?? throw new InvalidOperationException(unauthenticated.Count > 0
                ? "The key ring has no active field-encryption key whose metadata authenticates; the key store was modified without the key-encryption key. See the compliance-key-rotation health check."
                : "The key ring has no active field-encryption key. Create one with IKeyRing.RotateAsync or enable CreateKeysIfMissing.");

        var root = verified.Where(k => k.Purpose == DataKeyPurpose.BlindIndexRoot && k.State != DataKeyState.Revoked)
            .OrderBy(k => k.CreatedAt)
            .ThenBy(k => k.KeyId)
            .FirstOrDefault();
        var rootBytes = previous is not null && root is not null && previous.BlindIndexRootId == root.KeyId
            ? previous.BlindIndexRoot
            : root is null ? [] : await UnwrapAsync(root, cancellationToken).ConfigureAwait(false);

        var infos = entries.Values.Select(e => e.Info).OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.KeyId).ToArray();
        _migrating = false;
        Volatile.Write(ref _snapshot, new RingSnapshot(entries.ToFrozenDictionary(), active, infos, root?.KeyId ?? 0, rootBytes, metadataKeyId, metadataKey ?? [], [.. unauthenticated]));
    }

    /// <summary>
    /// Finds (or, in an empty or pre-MAC store, creates) the metadata authentication key. Its
    /// record needs no MAC of its own: the KEK wrap authenticates its bytes, id and purpose.
    /// </summary>
    private async Task<(uint Id, byte[]? Key)> LoadMetadataKeyAsync(List<StoredDataKey> stored, RingSnapshot? previous, CancellationToken cancellationToken)
    {
        var record = stored.Where(static k => k.Purpose == DataKeyPurpose.MetadataAuthentication)
            .OrderBy(static k => k.CreatedAt)
            .ThenBy(static k => k.KeyId)
            .FirstOrDefault();
        if (record is not null)
        {
            if (previous is not null && previous.MetadataKeyId == record.KeyId)
            {
                return (record.KeyId, previous.MetadataKey);
            }

            var root = await UnwrapAsync(record, cancellationToken).ConfigureAwait(false);
            try
            {
                return (record.KeyId, DeriveMetadataMacKey(root, record.KeyId));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(root);
            }
        }

        // A store without a metadata key is either empty or was written by a version without
        // metadata MACs. The latter is migrated once, by VerifyAsync; after that the metadata key
        // exists, and a record without a MAC is never trusted again.
        if (stored.Count == 0 ? !_options.CreateKeysIfMissing : !_options.MigrateUnauthenticatedKeyMetadata)
        {
            return (0, null);
        }

        var created = await CreateKeyAsync(DataKeyPurpose.MetadataAuthentication, stored, null, cancellationToken).ConfigureAwait(false);
        stored.Add(created);
        var bytes = await UnwrapAsync(created, cancellationToken).ConfigureAwait(false);
        try
        {
            var key = DeriveMetadataMacKey(bytes, created.KeyId);
            _migrating = stored.Count > 1;
            return (created.KeyId, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>
    /// Checks a record's metadata MAC. Returns the record (migrated when it predates MACs) or null
    /// when it does not authenticate. A key this process has seen revoked stays revoked.
    /// </summary>
    private async Task<StoredDataKey?> VerifyAsync(StoredDataKey key, byte[]? metadataKey, RingSnapshot? previous, CancellationToken cancellationToken)
    {
        if (metadataKey is null)
        {
            return null;
        }

        var knownRevoked = previous is not null && previous.Keys.TryGetValue(key.KeyId, out var known) && known.Info.State == DataKeyState.Revoked;
        if (key.MetadataMac is null && _migrating)
        {
            // Migration of a pre-MAC store: the record is trusted as found only if the KEK unwraps
            // it (so it is a key of this deployment) and it does not undo a revocation this
            // process has seen. Then it is MACed and written back.
            byte[] bytes;
            try
            {
                bytes = await UnwrapAsync(key, cancellationToken).ConfigureAwait(false);
            }
            catch (CryptographicException)
            {
                return null;
            }

            CryptographicOperations.ZeroMemory(bytes);
            var migrated = MacRecord(metadataKey, knownRevoked && key.State != DataKeyState.Revoked
                ? key with { State = DataKeyState.Revoked, RevokedAt = key.RevokedAt ?? Now() }
                : key);
            await _store.UpdateStateAsync(migrated, cancellationToken).ConfigureAwait(false);
            LogMetadataMigrated(_logger, key.KeyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
            return migrated;
        }

        if (!IsAuthentic(metadataKey, key))
        {
            return null;
        }

        // Authentic but inconsistent (a revocation time on a key that is not revoked) cannot be
        // written by this library; and a key revoked in this process is never un-revoked, even by
        // an older authentic copy of its record (a rollback of the store).
        return knownRevoked || (key.RevokedAt is not null && key.State != DataKeyState.Revoked)
            ? key with { State = DataKeyState.Revoked, RevokedAt = key.RevokedAt ?? Now() }
            : key;
    }

    private static bool IsAuthentic(byte[]? metadataKey, StoredDataKey key)
    {
        if (metadataKey is null || metadataKey.Length == 0 || key.MetadataMac is not { Length: HMACSHA256.HashSizeInBytes } mac)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        ComputeMetadataMac(metadataKey, key, expected);
        return CryptographicOperations.FixedTimeEquals(expected, mac);
    }

    private StoredDataKey Authenticated(StoredDataKey key)
    {
        var metadataKey = Volatile.Read(ref _snapshot)?.MetadataKey;
        return metadataKey is { Length: > 0 }
            ? MacRecord(metadataKey, key)
            : throw new InvalidOperationException("The key ring has no metadata authentication key; it cannot change key states.");
    }

    private static StoredDataKey MacRecord(byte[] metadataKey, StoredDataKey key)
    {
        var mac = new byte[HMACSHA256.HashSizeInBytes];
        ComputeMetadataMac(metadataKey, key, mac);
        return key with { MetadataMac = mac };
    }

    /// <summary>
    /// HMAC-SHA256 over a canonical, length-prefixed encoding of everything the ring decides on:
    /// id, purpose, state, the three times (UTC ticks), the KEK id and a hash of the wrapped bytes.
    /// </summary>
    private static void ComputeMetadataMac(byte[] metadataKey, StoredDataKey key, Span<byte> destination)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var encoded = EncryptionContext.Encode(
            "cr.key-metadata.v1",
            key.KeyId.ToString("x8", invariant),
            ((int)key.Purpose).ToString(invariant),
            ((int)key.State).ToString(invariant),
            key.CreatedAt.UtcTicks.ToString(invariant),
            key.RetiredAt?.UtcTicks.ToString(invariant) ?? "-",
            key.RevokedAt?.UtcTicks.ToString(invariant) ?? "-",
            key.KeyEncryptionKeyId,
            Convert.ToHexStringLower(SHA256.HashData(key.WrappedKey)));
        HMACSHA256.HashData(metadataKey, encoded, destination);
    }

    private static byte[] DeriveMetadataMacKey(byte[] root, uint keyId) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, root, KeyLength, salt: [], info: EncryptionContext.Encode("cr.key-metadata-mac.v1", keyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)));

    private async Task<StoredDataKey> CreateKeyAsync(DataKeyPurpose purpose, IReadOnlyCollection<StoredDataKey> existing, byte[]? metadataKey, CancellationToken cancellationToken)
    {
        // Creation times are strictly increasing, so "the newest key" is never a tie, even when a
        // rotation and a revocation happen within one tick of the clock.
        var createdAt = Now();
        var newest = existing.Where(k => k.Purpose == purpose).Select(static k => k.CreatedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        if (createdAt <= newest)
        {
            createdAt = new DateTimeOffset(newest.UtcTicks - (newest.UtcTicks % TicksPerMicrosecond), TimeSpan.Zero).AddTicks(TicksPerMicrosecond);
        }

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
            var stored = new StoredDataKey(keyId, purpose, DataKeyState.Active, createdAt, null, null, kekId, wrapped);
            if (purpose != DataKeyPurpose.MetadataAuthentication)
            {
                stored = metadataKey is { Length: > 0 }
                    ? MacRecord(metadataKey, stored)
                    : throw new InvalidOperationException("The key ring has no metadata authentication key; it cannot create keys.");
            }

            await _store.AddAsync(stored, cancellationToken).ConfigureAwait(false);
            return stored;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// The current time at whole microseconds: the resolution PostgreSQL and MySQL keep. The times a
    /// key record's MAC covers must read back exactly as written, or another node would take an
    /// authentic record for an edited one (and treat its key as revoked).
    /// </summary>
    private DateTimeOffset Now()
    {
        var now = _time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TicksPerMicrosecond), TimeSpan.Zero);
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
        EncryptionContext.Encode("cr.dek.v1", keyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture), purpose switch
        {
            DataKeyPurpose.BlindIndexRoot => "bidx-root",
            DataKeyPurpose.MetadataAuthentication => "metadata-mac",
            _ => "field",
        }, kekId);

    private async Task AuditAsync(string action, uint keyId, CancellationToken cancellationToken)
    {
        await _audit.WriteAsync(AuditEvent.Security(action, AuditResult.Success, resource: KeyResource(keyId)), cancellationToken).ConfigureAwait(false);
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

    [LoggerMessage(5, LogLevel.Critical, "The metadata of key {KeyId} does not authenticate (the key store was changed without the key-encryption key); the key is treated as revoked.")]
    private static partial void LogMetadataUnauthenticated(ILogger logger, string keyId);

    [LoggerMessage(7, LogLevel.Error, "Reloading the key ring for an unknown key id failed; the previous ring stays in use.")]
    private static partial void LogBackgroundReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "Key {KeyId} was written before metadata authentication; its metadata was authenticated as found (one-time migration).")]
    private static partial void LogMetadataMigrated(ILogger logger, string keyId);

    internal sealed record RingSnapshot(FrozenDictionary<uint, RingEntry> Keys, RingEntry Active, IReadOnlyList<DataKeyInfo> Infos, uint BlindIndexRootId, byte[] BlindIndexRoot, uint MetadataKeyId, byte[] MetadataKey, IReadOnlyList<uint> UnauthenticatedKeyIds);

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
