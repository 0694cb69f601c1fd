using System.Security.Cryptography;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Encryption;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Compliance.Runtime.Tests.Encryption;

public sealed class KeyRingTests : IDisposable
{
    private static readonly EncryptionContext Diagnosis = new("patients", "diagnosis");
    private readonly EncryptionHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task FirstUse_CreatesOneActiveKeyAndABlindIndexRoot_Wrapped()
    {
        var active = _harness.Ring.ActiveKey;
        var stored = await _harness.Store.GetAllAsync();

        Assert.Equal(DataKeyState.Active, active.State);
        Assert.Single(_harness.Ring.Keys);
        Assert.Equal(3, stored.Count);
        Assert.Single(stored, k => k.Purpose == DataKeyPurpose.BlindIndexRoot);
        Assert.Single(stored, k => k.Purpose == DataKeyPurpose.MetadataAuthentication);
        Assert.All(stored.Where(k => k.Purpose != DataKeyPurpose.MetadataAuthentication), k => Assert.Equal(32, k.MetadataMac!.Length));
        Assert.All(stored, k => Assert.Equal(12 + 32 + 16, k.WrappedKey.Length));
        Assert.All(stored, k => Assert.StartsWith("local:", k.KeyEncryptionKeyId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rotation_KeepsOldValuesReadable_AndFlagsThemForReencryption()
    {
        var old = _harness.Encryptor.EncryptString("type 2 diabetes", Diagnosis);
        var oldKey = _harness.Ring.ActiveKey;

        var newKey = await _harness.Ring.RotateAsync();
        var fresh = _harness.Encryptor.EncryptString("asthma", Diagnosis);

        Assert.NotEqual(oldKey.KeyId, newKey.KeyId);
        Assert.Equal(newKey, _harness.Ring.ActiveKey);
        Assert.Equal(DataKeyState.Retired, _harness.Ring.Keys.Single(k => k.KeyId == oldKey.KeyId).State);
        Assert.Equal("type 2 diabetes", _harness.Encryptor.DecryptString(old, Diagnosis, out var oldNeeds));
        Assert.True(oldNeeds);
        Assert.Equal("asthma", _harness.Encryptor.DecryptString(fresh, Diagnosis, out var freshNeeds));
        Assert.False(freshNeeds);
        Assert.Contains(_harness.Audit.Events, e => e.Action == AuditActions.KeyRotated && e.Resource!.Id == newKey.DisplayId);
    }

    [Fact]
    public async Task Reencrypt_MovesValuesToTheActiveKey_AndLeavesCurrentOnesAlone()
    {
        var old = _harness.Encryptor.EncryptString("type 2 diabetes", Diagnosis);
        await _harness.Ring.RotateAsync();

        var moved = _harness.Encryptor.Reencrypt(old, Diagnosis);

        Assert.NotNull(moved);
        Assert.True(FieldEnvelope.TryReadKeyId(moved, out var keyId));
        Assert.Equal(_harness.Ring.ActiveKey.KeyId, keyId);
        Assert.Equal("type 2 diabetes", _harness.Encryptor.DecryptString(moved, Diagnosis, out var needs));
        Assert.False(needs);
        Assert.Null(_harness.Encryptor.Reencrypt(moved, Diagnosis));
    }

    [Fact]
    public async Task RotationThenRevocation_EndToEnd()
    {
        // Values written under the first key, then the key is rotated out and later revoked.
        var values = Enumerable.Range(0, 20).Select(i => _harness.Encryptor.EncryptString($"note {i}", Diagnosis)).ToList();
        var compromised = _harness.Ring.ActiveKey;
        await _harness.Ring.RotateAsync();
        values.Add(_harness.Encryptor.EncryptString("note after rotation", Diagnosis));

        // Half of the old values are migrated before the revocation.
        for (var i = 0; i < 10; i++)
        {
            values[i] = _harness.Encryptor.Reencrypt(values[i], Diagnosis) ?? values[i];
        }

        var revoked = await _harness.Ring.RevokeAsync(compromised.KeyId);
        Assert.Equal(DataKeyState.Revoked, revoked.State);
        Assert.Contains(_harness.Audit.Events, e => e.Action == AuditActions.KeyRevoked && e.Resource!.Id == compromised.DisplayId);

        // Migrated and new values still read; the others fail closed and are audited.
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal($"note {i}", _harness.Encryptor.DecryptString(values[i], Diagnosis, out _));
        }

        Assert.Equal("note after rotation", _harness.Encryptor.DecryptString(values[20], Diagnosis, out _));
        var error = Assert.Throws<KeyRevokedException>(() => _harness.Encryptor.DecryptString(values[15], Diagnosis, out _));
        Assert.Equal(compromised.KeyId, error.KeyId);
        Assert.DoesNotContain("note 15", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(_harness.Audit.Events, e => e.Action == FieldEncryptionAuditActions.RevokedKeyUsed && e.Outcome.Result == AuditResult.Denied && e.Resource!.Id == compromised.DisplayId);

        // Only the explicit re-encryption path may still read them, and then they are current again.
        Assert.Throws<KeyRevokedException>(() => _harness.Encryptor.Reencrypt(values[15], Diagnosis));
        using (var scope = ReencryptionScope.Begin(allowRevokedKeys: true))
        {
            for (var i = 10; i < 20; i++)
            {
                values[i] = _harness.Encryptor.Reencrypt(values[i], Diagnosis, allowRevokedKey: true)!;
            }

            Assert.Equal(10, scope.RevokedKeyReads);
        }

        Assert.Equal("note 15", _harness.Encryptor.DecryptString(values[15], Diagnosis, out var needs));
        Assert.False(needs);
    }

    [Fact]
    public async Task RevokingTheActiveKey_RotatesFirst()
    {
        var active = _harness.Ring.ActiveKey;

        await _harness.Ring.RevokeAsync(active.KeyId);

        Assert.NotEqual(active.KeyId, _harness.Ring.ActiveKey.KeyId);
        Assert.Equal(DataKeyState.Active, _harness.Ring.ActiveKey.State);
        Assert.Equal("x", _harness.Encryptor.DecryptString(_harness.Encryptor.EncryptString("x", Diagnosis), Diagnosis, out _));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _harness.Ring.RevokeAsync(0xdeadbeef));
    }

    [Fact]
    public async Task ReencryptionScope_CountsValuesReadUnderOldKeys()
    {
        var old = _harness.Encryptor.EncryptString("a", Diagnosis);
        await _harness.Ring.RotateAsync();
        var current = _harness.Encryptor.EncryptString("b", Diagnosis);

        using var scope = ReencryptionScope.Begin();
        _harness.Encryptor.DecryptString(current, Diagnosis, out _);
        Assert.Equal(0, scope.PendingValues);
        _harness.Encryptor.DecryptString(old, Diagnosis, out _);
        Assert.Equal(1, scope.PendingValues);
        scope.Reset();
        Assert.Equal(0, scope.PendingValues);
    }

    [Fact]
    public async Task AnotherNode_PicksUpARotationWhenItMeetsTheNewKey()
    {
        using var other = new EncryptionHarness(_harness.Store, _harness.Kek);
        Assert.Equal(_harness.Ring.ActiveKey.KeyId, other.Ring.ActiveKey.KeyId);

        await _harness.Ring.RotateAsync();
        var fresh = _harness.Encryptor.EncryptString("written by node A", Diagnosis);

        // The first sight of the new key id reloads the ring once before failing, so the value
        // written on node A reads on its first use here (no UnknownKeyException while a reload runs).
        Assert.Equal("written by node A", other.Encryptor.DecryptString(fresh, Diagnosis, out _));
        Assert.Equal(_harness.Ring.ActiveKey.KeyId, other.Ring.ActiveKey.KeyId);
    }

    [Fact]
    public async Task UnknownKeyReloads_AreThrottled()
    {
        using var other = new EncryptionHarness(_harness.Store, _harness.Kek, configure: o => o.UnknownKeyReloadThrottle = TimeSpan.FromSeconds(5));
        _ = other.Ring.ActiveKey;
        var garbage = _harness.Encryptor.EncryptString("x", Diagnosis);
        garbage[2] ^= 0xff;
        Assert.Throws<UnknownKeyException>(() => other.Encryptor.DecryptString(garbage, Diagnosis, out _));
        await ((KeyRing)other.Ring).PendingReload!;

        await _harness.Ring.RotateAsync();
        var fresh = _harness.Encryptor.EncryptString("y", Diagnosis);

        // The reload for the garbage id was just spent; the next one is allowed after the throttle,
        // and then the decrypt that triggers it waits for it and reads the value.
        var spent = ((KeyRing)other.Ring).PendingReload;
        Assert.Throws<UnknownKeyException>(() => other.Encryptor.DecryptString(fresh, Diagnosis, out _));
        Assert.Same(spent, ((KeyRing)other.Ring).PendingReload);
        other.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal("y", other.Encryptor.DecryptString(fresh, Diagnosis, out _));
        Assert.NotSame(spent, ((KeyRing)other.Ring).PendingReload);
    }

    [Fact]
    public void WrongKeyEncryptionKey_CannotLoadTheRing()
    {
        _ = _harness.Ring.ActiveKey;
        using var intruder = new EncryptionHarness(_harness.Store, RandomNumberGenerator.GetBytes(32));

        Assert.ThrowsAny<CryptographicException>(() => intruder.Ring.ActiveKey);
    }

    [Fact]
    public async Task WrappedKeys_AreBoundToTheirIds()
    {
        _ = _harness.Ring.ActiveKey;
        await _harness.Ring.RotateAsync();
        var stored = await _harness.Store.GetAllAsync();
        var field = stored.Where(k => k.Purpose == DataKeyPurpose.FieldEncryption).ToArray();

        // Swap the wrapped bytes of two rows, in a store as written before metadata MACs (so the
        // one-time migration runs): neither unwraps under the other's id, so neither is trusted.
        var swapped = new InMemoryDataKeyStore();
        await swapped.AddAsync(field[0] with { WrappedKey = field[1].WrappedKey, MetadataMac = null });
        await swapped.AddAsync(field[1] with { WrappedKey = field[0].WrappedKey, MetadataMac = null });
        using var tampered = new EncryptionHarness(swapped, _harness.Kek, configure: o => o.CreateKeysIfMissing = false);

        Assert.Throws<InvalidOperationException>(() => tampered.Ring.ActiveKey);

        // With their MACs, the swap fails authentication (the MAC covers a hash of the wrapped bytes).
        var swappedMacs = new InMemoryDataKeyStore();
        foreach (var key in stored.Where(k => k.Purpose == DataKeyPurpose.MetadataAuthentication))
        {
            await swappedMacs.AddAsync(key);
        }

        await swappedMacs.AddAsync(field[0] with { WrappedKey = field[1].WrappedKey });
        await swappedMacs.AddAsync(field[1] with { WrappedKey = field[0].WrappedKey });
        using var tamperedMacs = new EncryptionHarness(swappedMacs, _harness.Kek, configure: o => o.CreateKeysIfMissing = false);
        Assert.Throws<InvalidOperationException>(() => tamperedMacs.Ring.ActiveKey);
    }

    [Fact]
    public async Task HealthCheck_ReportsAnOverdueRotation()
    {
        var check = _harness.Services.GetRequiredService<HealthCheckService>();

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync()).Status);
        _harness.Clock.Advance(TimeSpan.FromDays(91));
        var overdue = await check.CheckHealthAsync();
        Assert.Equal(HealthStatus.Degraded, overdue.Status);
        Assert.Contains("overdue", overdue.Entries["compliance-key-rotation"].Description, StringComparison.Ordinal);

        await _harness.Ring.RotateAsync();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync()).Status);
    }

    [Fact]
    public async Task FileStore_PersistsTheRingAcrossRestarts()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "keys.json");
        var kek = RandomNumberGenerator.GetBytes(32);
        byte[] envelope;
        using (var first = new EncryptionHarness(new FileDataKeyStore(path), kek))
        {
            envelope = first.Encryptor.EncryptString("persisted", Diagnosis);
            await first.Ring.RotateAsync();
        }

        using var second = new EncryptionHarness(new FileDataKeyStore(path), kek);
        Assert.Equal("persisted", second.Encryptor.DecryptString(envelope, Diagnosis, out var needs));
        Assert.True(needs);
        Assert.Equal(2, second.Ring.Keys.Count);
        Assert.DoesNotContain("persisted", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public void LocalKek_LoadsFromEnvironmentOrFile_AndRejectsBadKeys()
    {
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "kek");

        var created = LocalKeyEncryptionKeyProvider.Load(null, null, file, createFileIfMissing: true);
        var reloaded = LocalKeyEncryptionKeyProvider.Load(null, null, file, createFileIfMissing: false);
        Assert.Equal(created.CurrentKeyEncryptionKeyId, reloaded.CurrentKeyEncryptionKeyId);

        var variable = "CR_TEST_KEK_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, Convert.ToBase64String(new byte[32]));
        try
        {
            Assert.StartsWith("local:", LocalKeyEncryptionKeyProvider.Load(null, variable, null, false).CurrentKeyEncryptionKeyId, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        var error = Assert.Throws<InvalidOperationException>(() => LocalKeyEncryptionKeyProvider.Load(Convert.ToBase64String(new byte[16]), null, null, false));
        Assert.DoesNotContain(Convert.ToBase64String(new byte[16]), error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => LocalKeyEncryptionKeyProvider.Load(null, null, Path.Combine(directory.Path, "missing"), false));
    }
}
