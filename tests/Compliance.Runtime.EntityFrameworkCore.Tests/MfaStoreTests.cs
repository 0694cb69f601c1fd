using Compliance.Runtime.Mfa;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Compliance.Runtime.EntityFrameworkCore.Tests;

public sealed class MfaStoreTests : IDisposable
{
    private readonly SqliteHarness _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Enrolment_Verification_AndReplayProtection_OnTheDatabase()
    {
        var totp = _db.Services.GetRequiredService<ITotpService>();
        var enrollment = await totp.BeginEnrollmentAsync("clinician-1", "dr.grey");
        var secret = Base32Encoding.ToBytes(enrollment.Secret);
        var code = new Totp(secret).ComputeTotp(DateTime.UtcNow);

        var recovery = await totp.ConfirmEnrollmentAsync("clinician-1", code);
        Assert.NotNull(recovery);
        Assert.True(await totp.IsEnrolledAsync("clinician-1"));
        Assert.Equal(TotpVerificationResult.Replayed, await totp.VerifyAsync("clinician-1", code));
        Assert.True(await totp.RedeemRecoveryCodeAsync("clinician-1", recovery[0]));
        Assert.False(await totp.RedeemRecoveryCodeAsync("clinician-1", recovery[0]));

        var row = Assert.Single(await _db.QueryRawAsync("SELECT secret, recovery_code_hashes FROM compliance_mfa"));
        Assert.True(((byte[])row[0]!).AsSpan().IndexOf(secret) < 0);
        Assert.DoesNotContain(recovery[1].Replace("-", string.Empty, StringComparison.Ordinal), (string)row[1]!, StringComparison.Ordinal);

        var store = _db.Services.GetRequiredService<IMfaStore>();
        var current = (await store.FindAsync("clinician-1"))!.LastUsedStep;
        Assert.False(await store.TryAdvanceLastUsedStepAsync("clinician-1", current - 1, current + 1));
        Assert.True(await store.TryAdvanceLastUsedStepAsync("clinician-1", current, current + 1));

        await totp.RemoveAsync("clinician-1");
        Assert.Empty(await _db.QueryRawAsync("SELECT user_id FROM compliance_mfa"));
    }
}
