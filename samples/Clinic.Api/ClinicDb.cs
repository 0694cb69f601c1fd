using Clinic.Api.Models;
using Compliance.Runtime.Encryption;
using Compliance.Runtime.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Clinic.Api;

/// <summary>
/// The clinic's database. It also holds the wrapped field-encryption keys and the clinicians'
/// MFA enrolments, so every instance of the API shares them.
/// </summary>
public sealed class ClinicDb(DbContextOptions<ClinicDb> options) : DbContext(options), IComplianceKeyStoreContext, IComplianceMfaContext
{
    public DbSet<Patient> Patients => Set<Patient>();

    public DbSet<ComplianceDataKey> ComplianceDataKeys => Set<ComplianceDataKey>();

    public DbSet<ComplianceMfaRecord> ComplianceMfaRecords => Set<ComplianceMfaRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Patient>(patient =>
        {
            patient.ToTable("patients");
            patient.HasBlindIndex(p => p.Ssn, p => p.SsnIndex, normalization: BlindIndexNormalization.Trim | BlindIndexNormalization.RemoveSeparators);
        });
    }
}
