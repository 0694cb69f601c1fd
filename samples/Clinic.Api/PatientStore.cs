using System.Collections.Concurrent;
using Clinic.Api.Models;

namespace Clinic.Api;

public sealed class PatientStore
{
    private readonly ConcurrentDictionary<int, Patient> patients = new();
    private readonly ConcurrentDictionary<int, Appointment> appointments = new();
    private int nextId;

    public Patient? Find(int id) => patients.TryGetValue(id, out var patient) ? patient : null;

    public Patient Add(PatientInput input)
    {
        var patient = new Patient
        {
            Id = Interlocked.Increment(ref nextId),
            FullName = input.FullName,
            Ssn = input.Ssn,
            DateOfBirth = input.DateOfBirth,
            Diagnosis = input.Diagnosis,
        };
        patients[patient.Id] = patient;
        return patient;
    }

    public IEnumerable<Appointment> AppointmentsFor(int patientId) => appointments.Values.Where(a => a.PatientId == patientId);

    public Appointment Book(int patientId, DateTimeOffset startsAt, string reason)
    {
        var appointment = new Appointment(Interlocked.Increment(ref nextId), patientId, startsAt, reason);
        appointments[appointment.Id] = appointment;
        return appointment;
    }
}
