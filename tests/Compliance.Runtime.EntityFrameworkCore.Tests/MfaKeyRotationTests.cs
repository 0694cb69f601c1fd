using Compliance.Runtime.Encryption;
using Compliance.Runtime.Mfa;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OtpNet;

namespace Compliance.Runtime.EntityFrameworkCore.Tests;

/// <summary>
/// Issue 14, item 7: following the rotation runbook (rotate, re-encrypt every entity type, revoke
/// the old key) must not lock enrolled users out of their second factor.
/// </summary>
public sealed class MfaKeyRotationTests : IDisposable
{
    private readonly SqliteHarness _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task RotationRunbook_KeepsEnrolledUsersAbleToVerify()
    {
        var totp = _db.Services.GetRequiredService<ITotpService>();
        var secret = await EnrolAsync(totp, "clinician-1");
        var oldKey = _db.Ring.ActiveKey.KeyId;

        // The runbook: rotate, re-encrypt every entity type of the context, revoke the old key.
        await _db.Ring.RotateAsync();
        var patients = await _db.WithContextAsync(c => c.ReencryptAsync<PatientRow>());
        var secrets = await _db.WithContextAsync(c => c.ReencryptAsync<ComplianceMfaRecord>());
        Assert.Equal(0, patients.RowsRewritten);
        Assert.Equal(1, secrets.RowsRewritten);
        await _db.Ring.RevokeAsync(oldKey);

        Assert.Equal(TotpVerificationResult.Success, await totp.VerifyAsync("clinician-1", NextCode(secret)));
        var row = Assert.Single(await _db.QueryRawAsync("SELECT secret FROM compliance_mfa"));
        Assert.True(FieldEnvelope.TryReadKeyId((byte[])row[0]!, out var keyId));
        Assert.Equal(_db.Ring.ActiveKey.KeyId, keyId);
    }

    [Fact]
    public async Task HealthCheck_ReportsARetiredKeyStillUsedByMfaSecrets_AndTheServiceReencryptsThem()
    {
        var totp = _db.Services.GetRequiredService<ITotpService>();
        var secret = await EnrolAsync(totp, "clinician-2");
        var oldKey = _db.Ring.ActiveKey;
        await _db.Ring.RotateAsync();

        var health = _db.Services.GetRequiredService<HealthCheckService>();
        var before = (await health.CheckHealthAsync()).Entries["compliance-key-rotation"];
        Assert.Equal(HealthStatus.Degraded, before.Status);
        Assert.Contains(oldKey.DisplayId, before.Description, StringComparison.Ordinal);
        Assert.Contains("MFA", before.Description, StringComparison.Ordinal);

        var report = await totp.ReencryptSecretsAsync();
        Assert.Equal(1, report.RowsRewritten);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Entries["compliance-key-rotation"].Status);
        await _db.Ring.RevokeAsync(oldKey.KeyId);
        Assert.Equal(TotpVerificationResult.Success, await totp.VerifyAsync("clinician-2", NextCode(secret)));
    }

    private static async Task<byte[]> EnrolAsync(ITotpService totp, string userId)
    {
        var enrollment = await totp.BeginEnrollmentAsync(userId, userId);
        var secret = Base32Encoding.ToBytes(enrollment.Secret);
        Assert.NotNull(await totp.ConfirmEnrollmentAsync(userId, new Totp(secret).ComputeTotp(DateTime.UtcNow)));
        return secret;
    }

    // The step after the one used at enrolment (drift of one step is accepted; replays are not).
    private static string NextCode(byte[] secret) =>
        new Totp(secret).ComputeTotp(DateTime.UtcNow.AddSeconds(30));
}
