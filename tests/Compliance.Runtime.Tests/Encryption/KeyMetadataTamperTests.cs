using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Compliance.Runtime.Encryption;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Compliance.Runtime.Tests.Encryption;

/// <summary>
/// Issue 14, item 6: whoever can write the key store (but does not hold the KEK) must not be able
/// to undo a revocation by editing a key's state.
/// </summary>
public sealed class KeyMetadataTamperTests
{
    private static readonly EncryptionContext Diagnosis = new("patients", "diagnosis");

    [Fact]
    public async Task EditingARevokedKeyBackToActive_InTheKeyFile_DoesNotMakeItDecrypt()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "keys.json");
        var kek = RandomNumberGenerator.GetBytes(32);
        byte[] envelope;
        uint revokedId;
        using (var first = new EncryptionHarness(new FileDataKeyStore(path), kek))
        {
            envelope = first.Encryptor.EncryptString("type 2 diabetes", Diagnosis);
            revokedId = first.Ring.ActiveKey.KeyId;
            await first.Ring.RotateAsync();
            await first.Ring.RevokeAsync(revokedId);
        }

        // The attacker edits the file: the revoked key becomes the newest active key again.
        var json = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsArray();
        foreach (var key in json)
        {
            if ((uint)key!["keyId"]!.GetValue<long>() == revokedId)
            {
                key["state"] = "Active";
                key["revokedAt"] = null;
                key["retiredAt"] = null;
                key["createdAt"] = DateTimeOffset.UtcNow.AddYears(1).ToString("O");
            }
            else if (key["purpose"]!.GetValue<string>() == "FieldEncryption")
            {
                key["state"] = "Retired";
            }
        }

        await File.WriteAllTextAsync(path, json.ToJsonString());

        using var second = new EncryptionHarness(new FileDataKeyStore(path), kek);
        Assert.NotEqual(revokedId, second.Ring.ActiveKey.KeyId);
        Assert.Equal(DataKeyState.Revoked, second.Ring.Keys.Single(k => k.KeyId == revokedId).State);
        var error = Assert.Throws<KeyRevokedException>(() => second.Encryptor.DecryptString(envelope, Diagnosis, out _));
        Assert.DoesNotContain("diabetes", error.Message, StringComparison.Ordinal);

        var health = await second.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var entry = health.Entries["compliance-key-rotation"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains(revokedId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture), entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditedTimestampsOrStates_WithoutTheKek_AreReported_AndNeverEscalate()
    {
        var store = new InMemoryDataKeyStore();
        var kek = RandomNumberGenerator.GetBytes(32);
        uint retiredId;
        using (var first = new EncryptionHarness(store, kek))
        {
            retiredId = first.Ring.ActiveKey.KeyId;
            await first.Ring.RotateAsync();
        }

        // Pushing back the retirement of a retired key is an edit the MAC catches, too.
        var retired = (await store.GetAllAsync()).Single(k => k.KeyId == retiredId);
        await store.UpdateStateAsync(retired with { RetiredAt = retired.RetiredAt!.Value.AddDays(30) });

        using var second = new EncryptionHarness(store, kek);
        Assert.Equal(DataKeyState.Revoked, second.Ring.Keys.Single(k => k.KeyId == retiredId).State);
        var health = await second.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, health.Entries["compliance-key-rotation"].Status);
    }

    [Fact]
    public async Task AStoreWrittenBeforeMetadataMacs_IsMigratedOnFirstLoad_AndStaysReadable()
    {
        var store = new InMemoryDataKeyStore();
        var kek = RandomNumberGenerator.GetBytes(32);
        byte[] envelope;
        using (var first = new EncryptionHarness(store, kek))
        {
            envelope = first.Encryptor.EncryptString("asthma", Diagnosis);
            await first.Ring.RotateAsync();
        }

        // A store as an older version wrote it: no metadata key, no MACs.
        var legacy = new InMemoryDataKeyStore();
        foreach (var key in (await store.GetAllAsync()).Where(k => k.Purpose != DataKeyPurpose.MetadataAuthentication))
        {
            await legacy.AddAsync(key with { MetadataMac = null });
        }

        using var second = new EncryptionHarness(legacy, kek);
        Assert.Equal("asthma", second.Encryptor.DecryptString(envelope, Diagnosis, out _));
        Assert.All((await legacy.GetAllAsync()).Where(k => k.Purpose != DataKeyPurpose.MetadataAuthentication), k => Assert.NotNull(k.MetadataMac));
        var health = await second.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Entries["compliance-key-rotation"].Status);

        // Once migrated, stripping a MAC does not re-trust the record.
        var active = (await legacy.GetAllAsync()).Single(k => k.KeyId == second.Ring.ActiveKey.KeyId);
        var retired = (await legacy.GetAllAsync()).Single(k => k.Purpose == DataKeyPurpose.FieldEncryption && k.KeyId != active.KeyId);
        await legacy.UpdateStateAsync(retired with { State = DataKeyState.Active, RetiredAt = null, MetadataMac = null });
        using var third = new EncryptionHarness(legacy, kek);
        Assert.Equal(active.KeyId, third.Ring.ActiveKey.KeyId);
        Assert.Equal(DataKeyState.Revoked, third.Ring.Keys.Single(k => k.KeyId == retired.KeyId).State);
    }

    [Fact]
    public async Task RevokingAndRotatingInOneClockTick_LeavesExactlyOneDeterministicActiveKey()
    {
        // The clock does not move between any of these calls.
        using var harness = new EncryptionHarness();
        var first = harness.Ring.ActiveKey;
        var second = await harness.Ring.RotateAsync();
        await harness.Ring.RevokeAsync(second.KeyId);
        var third = harness.Ring.ActiveKey;

        using var other = new EncryptionHarness(harness.Store, harness.Kek);
        Assert.Equal(third.KeyId, other.Ring.ActiveKey.KeyId);
        Assert.Single(other.Ring.Keys, k => k.State == DataKeyState.Active);
        Assert.Equal([third.KeyId, second.KeyId, first.KeyId], other.Ring.Keys.Select(k => k.KeyId));
        Assert.True(third.CreatedAt > second.CreatedAt && second.CreatedAt > first.CreatedAt);
    }
}
