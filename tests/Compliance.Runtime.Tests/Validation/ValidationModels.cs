using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Compliance.Runtime.Tests.Validation;

public sealed class PatientInput : IValidatableObject
{
    [Required]
    [StringLength(100)]
    public string? FullName { get; set; }

    [Phi(Category = "ssn")]
    [Required]
    [RegularExpression(@"^\d{3}-\d{2}-\d{4}$")]
    public string? Ssn { get; set; }

    [Range(0, 150)]
    public int Age { get; set; }

    public AddressInput? Address { get; set; }

    public List<ContactInput> Contacts { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FullName == "Nobody")
        {
            yield return new ValidationResult("A real name is required.", [nameof(FullName)]);
        }
    }
}

public sealed class AddressInput
{
    [Required]
    public string? Zip { get; set; }
}

public sealed class ContactInput
{
    [Required]
    [Phone]
    public string? Phone { get; set; }
}

public sealed record RequiredMembersInput
{
    public required string Name { get; init; }

    public required int Count { get; init; }
}

[ApiController]
[Route("mvc")]
[Validated]
public sealed class ValidationTestController : ControllerBase
{
    [HttpPost("patients")]
    public IActionResult Create(PatientInput input) => Ok(input.FullName);

    [HttpPost("required")]
    public IActionResult Required(RequiredMembersInput input) => Ok(input.Name);
}

public sealed record PositionalInput([Required, StringLength(5)] string Code, [Range(1, 10)] int Level);
