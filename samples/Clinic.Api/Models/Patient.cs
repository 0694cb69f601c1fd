using System.Text.Json.Serialization;
using Compliance.Runtime;

namespace Clinic.Api.Models;

/// <summary>
/// A patient as stored: every PHI column is encrypted with the field-encryption key ring (bound to
/// its table and column), and the SSN has a blind index so it can be searched without decrypting.
/// </summary>
public sealed class Patient
{
    public int Id { get; set; }

    [Phi(Category = "name")]
    [Encrypted]
    public string FullName { get; set; } = "";

    [Phi(Category = "ssn")]
    [Encrypted]
    public string Ssn { get; set; } = "";

    [JsonIgnore]
    public byte[]? SsnIndex { get; set; }

    [Phi(Category = "dob")]
    [Encrypted]
    public DateOnly DateOfBirth { get; set; }

    [Phi(Category = "diagnosis")]
    [Encrypted]
    public string Diagnosis { get; set; } = "";
}
