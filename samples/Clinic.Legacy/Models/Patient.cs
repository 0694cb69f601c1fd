using Compliance.Runtime;

namespace Clinic.Legacy.Models;

// CMP9101 (with -p:ComplianceReport=true): each [Phi] member below is in the report's inventory of
// classified data, with its classification, and whether it is encrypted where it is persisted.
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
