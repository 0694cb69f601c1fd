using System.ComponentModel.DataAnnotations;
using Compliance.Runtime;

namespace Clinic.Api.Models;

/// <summary>What a client may send to create a patient: no id, every field constrained.</summary>
public sealed class PatientInput : IValidatableObject
{
    [Phi(Category = "name")]
    [Required]
    [StringLength(200, MinimumLength = 1)]
    public string FullName { get; set; } = "";

    [Phi(Category = "ssn")]
    [Required]
    [RegularExpression(@"^\d{3}-\d{2}-\d{4}$", ErrorMessage = "The SSN must have the form 000-00-0000.")]
    public string Ssn { get; set; } = "";

    [Phi(Category = "dob")]
    public DateOnly DateOfBirth { get; set; }

    [Phi(Category = "diagnosis")]
    [StringLength(2000)]
    public string Diagnosis { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DateOfBirth > DateOnly.FromDateTime(DateTime.UtcNow))
        {
            yield return new ValidationResult("The date of birth cannot be in the future.", [nameof(DateOfBirth)]);
        }
    }
}
