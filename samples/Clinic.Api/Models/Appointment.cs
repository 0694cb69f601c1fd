using Compliance.Runtime;

namespace Clinic.Api.Models;

public sealed record Appointment(int Id, int PatientId, DateTimeOffset StartsAt, [property: Phi(Category = "diagnosis")] string Reason);
