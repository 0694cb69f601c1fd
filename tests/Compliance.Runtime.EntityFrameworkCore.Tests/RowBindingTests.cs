using Compliance.Runtime.Encryption;
using Microsoft.EntityFrameworkCore;

namespace Compliance.Runtime.EntityFrameworkCore.Tests;

/// <summary>
/// Issue 14, item 10: swapping two patients' ciphertexts with raw SQL must not show one patient's
/// data as the other's.
/// </summary>
public sealed class RowBindingTests : IDisposable
{
    private readonly SqliteHarness _db = new();

    public void Dispose() => _db.Dispose();

    [Theory]
    [InlineData("full_name")]
    [InlineData("notes")]
    [InlineData("Scan")]
    public async Task SwappingTwoRowsCiphertexts_FailsWithTheTypedException_WithoutPhi(string column)
    {
        var jane = await AddAsync("Jane Example", "123-45-6789", "HIV positive");
        var john = await AddAsync("John Sample", "987-65-4321", "seasonal allergy");

        await _db.ExecuteRawAsync($"""
            UPDATE patients SET {column} = CASE Id
                WHEN '{jane.ToString().ToUpperInvariant()}' THEN (SELECT {column} FROM patients WHERE Id = '{john.ToString().ToUpperInvariant()}')
                ELSE (SELECT {column} FROM patients WHERE Id = '{jane.ToString().ToUpperInvariant()}') END
            """);

        var tracked = await Assert.ThrowsAsync<EnvelopeAuthenticationException>(() => _db.WithContextAsync(c => c.Patients.SingleAsync(p => p.Id == jane)));
        var untracked = await Assert.ThrowsAsync<EnvelopeAuthenticationException>(() => _db.WithContextAsync(c => c.Patients.AsNoTracking().ToListAsync()));
        foreach (var error in new[] { tracked, untracked })
        {
            Assert.Equal(FieldEncryptionFailure.AuthenticationFailed, error.Failure);
            foreach (var phi in new[] { "Jane", "John", "HIV", "allergy", "123-45", "987-65" })
            {
                Assert.DoesNotContain(phi, error.ToString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task RowBoundValues_RoundTrip_Update_AndSurviveReencryption()
    {
        var id = await AddAsync("Jane Example", "123-45-6789", "HIV positive");
        await _db.WithContextAsync(async c =>
        {
            var patient = await c.Patients.SingleAsync(p => p.Id == id);
            patient.Notes = "HIV positive, on treatment";
            await c.SaveChangesAsync();
        });

        await _db.Ring.RotateAsync();
        var report = await _db.WithContextAsync(c => c.ReencryptAsync<PatientRow>());
        Assert.Equal(1, report.RowsRewritten);

        var loaded = await _db.WithContextAsync(c => c.Patients.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal("Jane Example", loaded.FullName);
        Assert.Equal("HIV positive, on treatment", loaded.Notes);
        var row = Assert.Single(await _db.QueryRawAsync("SELECT notes FROM patients"));
        Assert.Equal(0x02, ((byte[])row[0]!)[0]);
    }

    [Fact]
    public async Task ValuesWrittenBeforeRowBinding_StayReadable_AndReencryptionBindsThem()
    {
        var id = await AddAsync("Jane Example", "123-45-6789", "HIV positive");

        // Rewrite the column as an earlier version stored it: a v1 envelope bound to the column only.
        var encryptor = (IFieldEncryptor)_db.Services.GetService(typeof(IFieldEncryptor))!;
        var legacy = encryptor.EncryptString("legacy note", new EncryptionContext("patients", "notes"));
        await _db.ExecuteRawAsync($"UPDATE patients SET notes = x'{Convert.ToHexString(legacy)}'");

        var loaded = await _db.WithContextAsync(c => c.Patients.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal("legacy note", loaded.Notes);

        var report = await _db.WithContextAsync(c => c.ReencryptAsync<PatientRow>());
        Assert.Equal(1, report.RowsRewritten);
        var row = Assert.Single(await _db.QueryRawAsync("SELECT notes FROM patients"));
        Assert.Equal(0x02, ((byte[])row[0]!)[0]);
        Assert.Equal("legacy note", (await _db.WithContextAsync(c => c.Patients.AsNoTracking().SingleAsync(p => p.Id == id))).Notes);
    }

    private async Task<Guid> AddAsync(string name, string ssn, string notes)
    {
        var patient = new PatientRow { FullName = name, Ssn = ssn, Notes = notes, Ward = "A", Scan = System.Text.Encoding.UTF8.GetBytes(name + " scan") };
        await _db.WithContextAsync(c =>
        {
            c.Patients.Add(patient);
            return c.SaveChangesAsync();
        });
        return patient.Id;
    }
}
