namespace Clinic.Legacy.Models;

public sealed record Appointment(int Id, int PatientId, DateTimeOffset StartsAt, string Reason);
