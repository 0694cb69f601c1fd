using System.Security.Cryptography;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Encryption;
using Compliance.Runtime.Mfa;
using Compliance.Runtime.Tests.Encryption;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Compliance.Runtime.Tests.Mfa;

public sealed class TotpServiceTests : IDisposable
{
    private const string UserId = "clinician-1";
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);
    private readonly TestClock _clock = new(new DateTimeOffset(2025, 3, 14, 9, 0, 5, TimeSpan.Zero));
    private readonly RecordingAuditLog _audit = new();
    private readonly InMemoryMfaStore _store = new();
    private readonly ServiceProvider _services;

    public TotpServiceTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<IDataKeyStore>(new InMemoryDataKeyStore());
        services.AddSingleton<IKeyEncryptionKeyProvider>(new LocalKeyEncryptionKeyProvider(RandomNumberGenerator.GetBytes(32)));
        services.AddSingleton<IAuditLog>(_audit);
        services.AddSingleton<IMfaStore>(_store);
        services.AddCompliance().AddFieldEncryption().AddMfa(o => o.Issuer = "Clinic & Co");
        _services = services.BuildServiceProvider();
    }

    private ITotpService Totps => _services.GetRequiredService<ITotpService>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Enrollment_GivesAnOtpauthUri_AndStoresTheSecretEncrypted()
    {
        var enrollment = await Totps.BeginEnrollmentAsync(UserId, "dr.grey");
        var secret = Base32Encoding.ToBytes(enrollment.Secret);
        var record = await _store.FindAsync(UserId);

        Assert.Equal(20, secret.Length);
        Assert.Equal("otpauth", enrollment.Uri.Scheme);
        Assert.Equal($"otpauth://totp/Clinic%20%26%20Co:dr.grey?secret={enrollment.Secret}&issuer=Clinic%20%26%20Co&algorithm=SHA1&digits=6&period=30", enrollment.Uri.OriginalString);
        Assert.NotNull(record);
        Assert.False(record.Confirmed);
        // Bound to the user as a row-bound (version 2) envelope.
        Assert.Equal(20 + FieldEnvelope.RowBoundOverhead, record.EncryptedSecret.Length);
        Assert.True(record.EncryptedSecret.AsSpan().IndexOf(secret) < 0);
        Assert.False(await Totps.IsEnrolledAsync(UserId));

        // The envelope is bound to the user: copied to another user's record it does not decrypt.
        await _store.SaveAsync(record with { UserId = "intruder", Confirmed = true });
        await Assert.ThrowsAsync<EnvelopeAuthenticationException>(() => Totps.VerifyAsync("intruder", Code(secret, 0)));
    }

    [Fact]
    public async Task Confirmation_NeedsAValidCode_AndReturnsRecoveryCodes()
    {
        var secret = Base32Encoding.ToBytes((await Totps.BeginEnrollmentAsync(UserId, "dr.grey")).Secret);

        Assert.Null(await Totps.ConfirmEnrollmentAsync(UserId, "000000" == Code(secret, 0) ? "111111" : "000000"));
        var codes = await Totps.ConfirmEnrollmentAsync(UserId, Code(secret, 0));

        Assert.NotNull(codes);
        Assert.Equal(10, codes.Count);
        Assert.All(codes, c => Assert.Matches("^[A-Z2-9]{5}-[A-Z2-9]{5}$", c));
        Assert.True(await Totps.IsEnrolledAsync(UserId));
        Assert.Contains(_audit.Events, e => e.Action == AuditActions.MfaEnrolled && e.Actor.Id == UserId);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Totps.BeginEnrollmentAsync(UserId, "dr.grey"));
    }

    [Fact]
    public async Task ReplayedCode_IsRejected()
    {
        var secret = await EnrolAsync();
        _clock.Advance(Step);
        var code = Code(secret, 0);

        Assert.Equal(TotpVerificationResult.Success, await Totps.VerifyAsync(UserId, code));
        Assert.Equal(TotpVerificationResult.Replayed, await Totps.VerifyAsync(UserId, code));
        Assert.Contains(_audit.Events, e => e.Action == AuditActions.MfaFailed && e.Outcome.Reason == "replayed_code");
        Assert.DoesNotContain(_audit.Events, e => e.ToString().Contains(code, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EarlierStep_IsRejectedOnceALaterStepWasUsed()
    {
        var secret = await EnrolAsync();
        _clock.Advance(Step * 4);

        Assert.Equal(TotpVerificationResult.Success, await Totps.VerifyAsync(UserId, Code(secret, 0)));
        Assert.Equal(TotpVerificationResult.Replayed, await Totps.VerifyAsync(UserId, Code(secret, -1)));
    }

    [Theory]
    [InlineData(-1, TotpVerificationResult.Success)]
    [InlineData(1, TotpVerificationResult.Success)]
    [InlineData(-2, TotpVerificationResult.Invalid)]
    [InlineData(2, TotpVerificationResult.Invalid)]
    public async Task OneStepOfDriftIsAccepted_TwoStepsAreNot(int offset, TotpVerificationResult expected)
    {
        var secret = await EnrolAsync();
        _clock.Advance(Step * 10);

        Assert.Equal(expected, await Totps.VerifyAsync(UserId, Code(secret, offset)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("١٢٣٤٥٦")]
    public async Task MalformedCodes_AreInvalid(string code)
    {
        await EnrolAsync();

        Assert.Equal(TotpVerificationResult.Invalid, await Totps.VerifyAsync(UserId, code));
    }

    [Fact]
    public async Task ConcurrentUseOfOneCode_SucceedsOnce()
    {
        var secret = await EnrolAsync();
        _clock.Advance(Step);
        var code = Code(secret, 0);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Totps.VerifyAsync(UserId, code))));

        Assert.Single(results, r => r == TotpVerificationResult.Success);
    }

    [Fact]
    public async Task NotEnrolled_IsReported()
    {
        Assert.Equal(TotpVerificationResult.NotEnrolled, await Totps.VerifyAsync("nobody", "123456"));
    }

    [Fact]
    public async Task RecoveryCodes_AreHashed_AndSingleUse()
    {
        var secret = Base32Encoding.ToBytes((await Totps.BeginEnrollmentAsync(UserId, "dr.grey")).Secret);
        var codes = (await Totps.ConfirmEnrollmentAsync(UserId, Code(secret, 0)))!;
        var record = await _store.FindAsync(UserId);

        Assert.DoesNotContain(record!.RecoveryCodeHashes, h => codes.Any(c => h.Contains(c.Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)));
        Assert.True(await Totps.RedeemRecoveryCodeAsync(UserId, codes[3].ToLowerInvariant().Replace("-", string.Empty, StringComparison.Ordinal)));
        Assert.False(await Totps.RedeemRecoveryCodeAsync(UserId, codes[3]));
        Assert.False(await Totps.RedeemRecoveryCodeAsync("someone-else", codes[4]));
        Assert.Equal(9, (await _store.FindAsync(UserId))!.RecoveryCodeHashes.Count);

        var fresh = await Totps.RegenerateRecoveryCodesAsync(UserId);
        Assert.False(await Totps.RedeemRecoveryCodeAsync(UserId, codes[4]));
        Assert.True(await Totps.RedeemRecoveryCodeAsync(UserId, fresh[0]));
    }

    [Fact]
    public async Task Removal_EndsTheEnrolment()
    {
        var secret = await EnrolAsync();
        await Totps.RemoveAsync(UserId);

        Assert.False(await Totps.IsEnrolledAsync(UserId));
        Assert.Equal(TotpVerificationResult.NotEnrolled, await Totps.VerifyAsync(UserId, Code(secret, 0)));
        Assert.Contains(_audit.Events, e => e.Action == AuditActions.MfaRemoved);
    }

    private async Task<byte[]> EnrolAsync()
    {
        var secret = Base32Encoding.ToBytes((await Totps.BeginEnrollmentAsync(UserId, "dr.grey")).Secret);
        Assert.NotNull(await Totps.ConfirmEnrollmentAsync(UserId, Code(secret, 0)));
        return secret;
    }

    private string Code(byte[] secret, int offset) =>
        new Totp(secret).ComputeTotp((_clock.GetUtcNow() + (Step * offset)).UtcDateTime);
}
