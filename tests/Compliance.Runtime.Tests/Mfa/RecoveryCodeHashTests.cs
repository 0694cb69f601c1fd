using System.Security.Cryptography;
using System.Text;
using Compliance.Runtime.Encryption;
using Compliance.Runtime.Mfa;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Compliance.Runtime.Tests.Mfa;

/// <summary>
/// Issue 14, item 13: recovery codes were stored as unkeyed SHA-256 hashes, so whoever read the
/// MFA table could brute-force the 50-bit codes offline. They are now keyed.
/// </summary>
public sealed class RecoveryCodeHashTests : IDisposable
{
    private const string UserId = "clinician-1";
    private readonly TestClock _clock = new(new DateTimeOffset(2025, 3, 14, 9, 0, 5, TimeSpan.Zero));
    private readonly InMemoryMfaStore _store = new();
    private readonly ServiceProvider _services;

    public RecoveryCodeHashTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<IDataKeyStore>(new InMemoryDataKeyStore());
        services.AddSingleton<IKeyEncryptionKeyProvider>(new LocalKeyEncryptionKeyProvider(RandomNumberGenerator.GetBytes(32)));
        services.AddSingleton<IMfaStore>(_store);
        services.AddCompliance().AddFieldEncryption().AddMfa();
        _services = services.BuildServiceProvider();
    }

    private ITotpService Totps => _services.GetRequiredService<ITotpService>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task StoredHashes_CannotBeRecomputedFromTheCodeAlone()
    {
        var codes = await EnrolAsync();
        var stored = (await _store.FindAsync(UserId))!.RecoveryCodeHashes;

        Assert.Equal(codes.Count, stored.Count);
        foreach (var code in codes)
        {
            Assert.DoesNotContain(UnkeyedHash(code), stored);
        }

        Assert.All(stored, hash => Assert.StartsWith("v2:", hash, StringComparison.Ordinal));
        Assert.True(await Totps.RedeemRecoveryCodeAsync(UserId, codes[0].ToLowerInvariant()));
        Assert.False(await Totps.RedeemRecoveryCodeAsync(UserId, codes[0]));
    }

    [Fact]
    public async Task HashesWrittenBeforeTheKeyedHash_StillRedeem_Once()
    {
        await EnrolAsync();
        var record = (await _store.FindAsync(UserId))!;
        await _store.SaveAsync(record with { RecoveryCodeHashes = [UnkeyedHash("ABCDE-FGHJK")] });

        Assert.True(await Totps.RedeemRecoveryCodeAsync(UserId, "abcde fghjk"));
        Assert.False(await Totps.RedeemRecoveryCodeAsync(UserId, "ABCDE-FGHJK"));
    }

    // The hash as earlier versions stored it.
    private static string UnkeyedHash(string code) =>
        "v1:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("cr-recovery-code\n" + UserId + "\n" + code.Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant())));

    private async Task<IReadOnlyList<string>> EnrolAsync()
    {
        var enrollment = await Totps.BeginEnrollmentAsync(UserId, "dr.grey");
        var secret = Base32Encoding.ToBytes(enrollment.Secret);
        var code = new Totp(secret).ComputeTotp(_clock.GetUtcNow().UtcDateTime);
        return (await Totps.ConfirmEnrollmentAsync(UserId, code))!;
    }
}
