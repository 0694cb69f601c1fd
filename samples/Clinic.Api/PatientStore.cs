using System.Collections.Concurrent;
using Clinic.Api.Models;
using Microsoft.EntityFrameworkCore;

namespace Clinic.Api;

/// <summary>Patients live encrypted in <see cref="ClinicDb"/>; appointments stay in memory in this sample.</summary>
public sealed class PatientStore(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<int, Appointment> _appointments = new();
    private int _nextAppointmentId;

    public async Task<Patient?> FindAsync(int id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await Db(scope).Patients.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
    }

    /// <summary>Finds patients by SSN through its blind index; the SSN column itself is never decrypted to search.</summary>
    public async Task<List<Patient>> FindBySsnAsync(string ssn, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var index = db.BlindIndexFor<Patient>(p => p.Ssn, ssn);
        var candidates = await db.Patients.AsNoTracking().Where(p => p.SsnIndex == index).ToListAsync(cancellationToken);

        // Blind indexes are truncated on purpose, so a match is confirmed on the decrypted value.
        return [.. candidates.Where(p => string.Equals(Normalize(p.Ssn), Normalize(ssn), StringComparison.Ordinal))];
    }

    public async Task<Patient> AddAsync(PatientInput input, CancellationToken cancellationToken)
    {
        var patient = new Patient
        {
            FullName = input.FullName,
            Ssn = input.Ssn,
            DateOfBirth = input.DateOfBirth,
            Diagnosis = input.Diagnosis,
        };
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        db.Patients.Add(patient);
        await db.SaveChangesAsync(cancellationToken);
        return patient;
    }

    public IEnumerable<Appointment> AppointmentsFor(int patientId) => _appointments.Values.Where(a => a.PatientId == patientId);

    public Appointment Book(int patientId, DateTimeOffset startsAt, string reason)
    {
        var appointment = new Appointment(Interlocked.Increment(ref _nextAppointmentId), patientId, startsAt, reason);
        _appointments[appointment.Id] = appointment;
        return appointment;
    }

    private static ClinicDb Db(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<ClinicDb>();

    private static string Normalize(string ssn) => ssn.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
}
