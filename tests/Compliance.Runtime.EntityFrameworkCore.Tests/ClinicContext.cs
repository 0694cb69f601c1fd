using Compliance.Runtime.Encryption;
using Compliance.Runtime.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Compliance.Runtime.EntityFrameworkCore.Tests;

public sealed class ClinicContext(DbContextOptions<ClinicContext> options) : DbContext(options), IComplianceKeyStoreContext, IComplianceMfaContext
{
    public DbSet<PatientRow> Patients => Set<PatientRow>();

    public DbSet<ComplianceDataKey> ComplianceDataKeys => Set<ComplianceDataKey>();

    public DbSet<ComplianceMfaRecord> ComplianceMfaRecords => Set<ComplianceMfaRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PatientRow>(patient =>
        {
            patient.ToTable("patients");
            patient.Property(p => p.FullName).HasColumnName("full_name");
            patient.Property(p => p.Ssn).HasColumnName("ssn");
            patient.Property(p => p.Notes).HasColumnName("notes").IsEncrypted();
            patient.HasBlindIndex(p => p.Ssn, p => p.SsnIndex, normalization: BlindIndexNormalization.Trim | BlindIndexNormalization.RemoveSeparators);
        });
    }
}

public class PatientRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    [Encrypted]
    public string FullName { get; set; } = string.Empty;

    [Encrypted]
    public string Ssn { get; set; } = string.Empty;

    public byte[]? SsnIndex { get; set; }

    [Encrypted]
    public DateOnly DateOfBirth { get; set; }

    [Encrypted]
    public decimal? Balance { get; set; }

    [Encrypted]
    public byte[]? Scan { get; set; }

    public string? Notes { get; set; }

    public string Ward { get; set; } = string.Empty;
}
