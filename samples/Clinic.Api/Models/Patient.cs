using Compliance.Runtime;

namespace Clinic.Api.Models;

public sealed class Patient
{
    public int Id { get; set; }

    [Phi(Category = "name")]
    public string FullName { get; set; } = "";

    [Phi(Category = "ssn")]
    public string Ssn { get; set; } = "";

    [Phi(Category = "dob")]
    public DateOnly DateOfBirth { get; set; }

    [Phi(Category = "diagnosis")]
    public string Diagnosis { get; set; } = "";
}
