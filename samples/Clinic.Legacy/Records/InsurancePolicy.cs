using Compliance.Runtime;

namespace Clinic.Legacy.Records;

public sealed class InsurancePolicy
{
    public int Id { get; set; }

    public int PatientId { get; set; }

    [Phi(Category = "health-plan")]
    public string MemberNumber { get; set; } = "";

    // CMP2006: named like HIPAA identifiers, but nothing classifies them.
    public string HolderEmail { get; set; } = "";

    public string HolderPhoneNumber { get; set; } = "";
}
