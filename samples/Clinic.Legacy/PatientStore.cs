using System.Collections.Concurrent;
using Clinic.Legacy.Models;

namespace Clinic.Legacy;

public sealed class PatientStore
{
    private readonly ConcurrentDictionary<int, Patient> _patients = new();
    private readonly ConcurrentDictionary<int, Appointment> _appointments = new();
    private int _nextId;

    public Patient? Find(int id) => _patients.TryGetValue(id, out var patient) ? patient : null;

    public Patient Add(Patient patient)
    {
        patient.Id = Interlocked.Increment(ref _nextId);
        _patients[patient.Id] = patient;
        return patient;
    }

    public IEnumerable<Appointment> AppointmentsFor(int patientId) => _appointments.Values.Where(a => a.PatientId == patientId);

    public Appointment Book(int patientId, DateTimeOffset startsAt, string reason)
    {
        var appointment = new Appointment(Interlocked.Increment(ref _nextId), patientId, startsAt, reason);
        _appointments[appointment.Id] = appointment;
        return appointment;
    }
}
