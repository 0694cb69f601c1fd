using Compliance.Runtime.Encryption;
using Microsoft.EntityFrameworkCore;

namespace Compliance.Runtime.EntityFrameworkCore.Tests;

/// <summary>Issue 14, item 6 on the database key store: an UPDATE of the key table cannot undo a revocation.</summary>
public sealed class KeyStoreTamperTests
{
    [Fact]
    public async Task SettingARevokedKeyBackToActive_WithRawSql_DoesNotMakeItDecrypt()
    {
        using var first = new SqliteHarness();
        var patient = new PatientRow { FullName = "Jane Example", Ssn = "123-45-6789", Ward = "A" };
        await first.WithContextAsync(c =>
        {
            c.Patients.Add(patient);
            return c.SaveChangesAsync();
        });
        var revoked = first.Ring.ActiveKey.KeyId;
        await first.Ring.RotateAsync();
        await first.Ring.RevokeAsync(revoked);
        var path = first.DatabasePath;
        var kek = first.Kek;

        // State 0 is Active: the attacker clears the revocation and makes it the newest key.
        await first.ExecuteRawAsync($"UPDATE compliance_data_keys SET state = 0, revoked_at = NULL, retired_at = NULL, created_at = '2999-01-01 00:00:00+00:00' WHERE key_id = {revoked}");

        using var second = new SqliteHarness(path, kek);
        Assert.NotEqual(revoked, second.Ring.ActiveKey.KeyId);
        Assert.Equal(DataKeyState.Revoked, second.Ring.Keys.Single(k => k.KeyId == revoked).State);
        var error = await Assert.ThrowsAsync<KeyRevokedException>(() => second.WithContextAsync(c => c.Patients.AsNoTracking().SingleAsync(p => p.Id == patient.Id)));
        Assert.DoesNotContain("Jane", error.Message, StringComparison.Ordinal);
    }
}
