using Clinic.Legacy.Models;
using Microsoft.EntityFrameworkCore;

namespace Clinic.Legacy.Records;

// CMP2007: Patient's [Phi] columns (FullName, Ssn, DateOfBirth, Diagnosis) are stored in clear.
public sealed class ClinicRecordsDbContext(DbContextOptions<ClinicRecordsDbContext> options) : DbContext(options)
{
    public DbSet<Patient> Patients => Set<Patient>();

    public DbSet<InsurancePolicy> Policies => Set<InsurancePolicy>();
}
