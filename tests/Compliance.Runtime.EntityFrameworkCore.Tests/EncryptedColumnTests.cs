using System.Text;
using Compliance.Runtime.Encryption;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Compliance.Runtime.EntityFrameworkCore.Tests;

public sealed class EncryptedColumnTests : IDisposable
{
    private const string Ssn = "123-45-6789";
    private readonly SqliteHarness _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Values_RoundTrip_AndAreCiphertextInTheDatabaseFile()
    {
        var scan = Encoding.UTF8.GetBytes("MRI-SCAN-BYTES");
        var id = await AddPatientAsync("Jane Example", Ssn, notes: "Allergic to penicillin", balance: 12.34m, scan: scan);

        var loaded = await _db.WithContextAsync(c => c.Patients.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal("Jane Example", loaded.FullName);
        Assert.Equal(Ssn, loaded.Ssn);
        Assert.Equal(new DateOnly(1980, 2, 29), loaded.DateOfBirth);
        Assert.Equal(12.34m, loaded.Balance);
        Assert.Equal(scan, loaded.Scan);
        Assert.Equal("Allergic to penicillin", loaded.Notes);

        var row = Assert.Single(await _db.QueryRawAsync("SELECT full_name, ssn, typeof(ssn), notes, DateOfBirth, Balance, Ward FROM patients"));
        var ssnBytes = Assert.IsType<byte[]>(row[1]);
        Assert.Equal("blob", row[2]);
        // A string of an entity with a client-generated key is bound to its row (version 2); the
        // DateOnly below is bound to its column (version 1).
        Assert.Equal(Encoding.UTF8.GetByteCount(Ssn) + FieldEnvelope.RowBoundOverhead, ssnBytes.Length);
        Assert.Equal(new byte[] { FieldEnvelope.Version2RowBound, FieldEnvelope.Aes256Gcm }, ssnBytes[..2]);
        Assert.Equal(4 + FieldEnvelope.Overhead, Assert.IsType<byte[]>(row[4]).Length);
        Assert.Equal("Ward 3", row[6]);

        // The whole file, keys included, holds no plaintext and no unwrapped key.
        SqliteConnection.ClearAllPools();
        var file = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(_db.DatabasePath));
        Assert.Contains("Ward 3", file, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane Example", file, StringComparison.Ordinal);
        Assert.DoesNotContain(Ssn, file, StringComparison.Ordinal);
        Assert.DoesNotContain("penicillin", file, StringComparison.Ordinal);
        Assert.DoesNotContain("MRI-SCAN", file, StringComparison.Ordinal);
        // The field key, the blind-index root and the key that authenticates key metadata.
        Assert.Equal(3, (await _db.QueryRawAsync("SELECT key_id FROM compliance_data_keys")).Count);
    }

    [Fact]
    public async Task NullValues_StayNull()
    {
        var id = await AddPatientAsync("John Doe", Ssn, notes: null, balance: null, scan: null);

        var loaded = await _db.WithContextAsync(c => c.Patients.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Null(loaded.Notes);
        Assert.Null(loaded.Balance);
        Assert.Null(loaded.Scan);
        Assert.Null(Assert.Single(await _db.QueryRawAsync("SELECT notes FROM patients"))[0]);
    }

    [Fact]
    public async Task BlindIndex_FindsRowsByValue_AndFollowsUpdates()
    {
        var jane = await AddPatientAsync("Jane Example", Ssn);
        await AddPatientAsync("John Doe", "987-65-4321");

        var found = await _db.WithContextAsync(c =>
        {
            var index = c.BlindIndexFor<PatientRow>(p => p.Ssn, " 123 45 6789 ");
            return c.Patients.AsNoTracking().Where(p => p.SsnIndex == index).ToListAsync();
        });
        Assert.Equal(jane, Assert.Single(found).Id);

        await _db.WithContextAsync(async c =>
        {
            var patient = await c.Patients.SingleAsync(p => p.Id == jane);
            patient.Ssn = "111-22-3333";
            await c.SaveChangesAsync();
        });

        var (old, updated) = await _db.WithContextAsync(async c =>
        {
            var oldIndex = c.BlindIndexFor<PatientRow>(p => p.Ssn, Ssn);
            var newIndex = c.BlindIndexFor<PatientRow>(p => p.Ssn, "111-22-3333");
            return (await c.Patients.CountAsync(p => p.SsnIndex == oldIndex), await c.Patients.CountAsync(p => p.SsnIndex == newIndex));
        });
        Assert.Equal(0, old);
        Assert.Equal(1, updated);

        var indexes = await _db.QueryRawAsync("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'patients'");
        Assert.Contains(indexes, r => r[0] is string sql && sql.Contains("SsnIndex", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValueMovedToAnotherColumn_FailsToDecrypt()
    {
        await AddPatientAsync("Jane Example", Ssn);
        await _db.ExecuteRawAsync("UPDATE patients SET full_name = ssn");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => _db.WithContextAsync(c => c.Patients.AsNoTracking().ToListAsync()));
        Assert.IsType<EnvelopeAuthenticationException>(Unwrap(error));
        Assert.DoesNotContain(Ssn, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotationKeepsOldRowsReadable_ReencryptionMovesThem_RevocationEnforcesIt()
    {
        var before = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            before.Add(await AddPatientAsync($"Patient {i}", $"100-00-000{i}"));
        }

        var oldKey = _db.Ring.ActiveKey;
        await _db.Ring.RotateAsync();
        var after = await AddPatientAsync("Patient new", "200-00-0000");

        var all = await _db.WithContextAsync(c => c.Patients.AsNoTracking().OrderBy(p => p.Ward).ToListAsync());
        Assert.Equal(6, all.Count);
        Assert.Contains(all, p => p.FullName == "Patient 3");

        // Rows under the retired key are rewritten; the new row is left alone.
        var report = await _db.WithContextAsync(c => c.ReencryptAsync<PatientRow>(batchSize: 2));
        Assert.Equal(new ReencryptionReport(6, 5, 0), report);
        var keyIds = (await _db.QueryRawAsync("SELECT ssn FROM patients")).Select(r => { FieldEnvelope.TryReadKeyId((byte[])r[0]!, out var k); return k; }).Distinct();
        Assert.Equal([_db.Ring.ActiveKey.KeyId], keyIds);
        Assert.Equal(new ReencryptionReport(6, 0, 0), await _db.WithContextAsync(c => c.ReencryptAsync<PatientRow>()));

        // Revoking the old key now breaks nothing.
        await _db.Ring.RevokeAsync(oldKey.KeyId);
        Assert.Equal(6, (await _db.WithContextAsync(c => c.Patients.AsNoTracking().ToListAsync())).Count);

        // The ring, with its states, lives in the database: a restarted application sees the same ring.
        using var restarted = new SqliteHarness(_db.DatabasePath, _db.Kek);
        Assert.Equal(_db.Ring.ActiveKey.KeyId, restarted.Ring.ActiveKey.KeyId);
        Assert.Equal(DataKeyState.Revoked, restarted.Ring.Keys.Single(k => k.KeyId == oldKey.KeyId).State);
        Assert.Equal("Patient new", (await restarted.WithContextAsync(c => c.Patients.AsNoTracking().SingleAsync(p => p.Id == after))).FullName);
    }

    [Fact]
    public async Task EmergencyRevocation_BlocksReads_UntilTheRescueJobRuns()
    {
        await AddPatientAsync("Jane Example", Ssn);
        var compromised = _db.Ring.ActiveKey;

        await _db.Ring.RevokeAsync(compromised.KeyId);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => _db.WithContextAsync(c => c.Patients.AsNoTracking().ToListAsync()));
        Assert.IsType<KeyRevokedException>(Unwrap(error));
        await Assert.ThrowsAnyAsync<Exception>(() => _db.WithContextAsync(c => c.ReencryptAsync<PatientRow>()));

        var report = await _db.WithContextAsync(c => c.ReencryptAsync<PatientRow>(allowRevokedKeys: true));
        Assert.Equal(1, report.RowsRewritten);
        Assert.True(report.RevokedKeyValues >= 4);
        Assert.Equal(Ssn, (await _db.WithContextAsync(c => c.Patients.AsNoTracking().SingleAsync())).Ssn);
    }

    private async Task<Guid> AddPatientAsync(string name, string ssn, string? notes = "notes", decimal? balance = 1m, byte[]? scan = null)
    {
        var patient = new PatientRow { FullName = name, Ssn = ssn, DateOfBirth = new DateOnly(1980, 2, 29), Notes = notes, Balance = balance, Scan = scan, Ward = "Ward 3" };
        await _db.WithContextAsync(async c =>
        {
            c.Patients.Add(patient);
            await c.SaveChangesAsync();
        });
        return patient.Id;
    }

    private static Exception Unwrap(Exception error)
    {
        while (error is not FieldEncryptionException && error.InnerException is not null)
        {
            error = error.InnerException;
        }

        return error;
    }
}
