using System.ComponentModel.DataAnnotations;
using Clinic.Api.Models;
using Compliance.Runtime;
using Compliance.Runtime.Mfa;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Clinic.Api.Controllers;

[ApiController]
[Route("api/patients")]
[Authorize]
[RequireMfa]
[Audited(ResourceType = "Patient")]
[RateLimited(RateLimitTier.Standard)]
[Validated]
public sealed class PatientsController(PatientStore store) : ControllerBase
{
    public sealed record SearchRequest([property: Phi(Category = "ssn")][Required, RegularExpression(@"^\d{3}-?\d{2}-?\d{4}$")] string Ssn);

    [HttpGet("{id:int}")]
    public async Task<ActionResult<Patient>> Get(int id, CancellationToken cancellationToken)
    {
        var patient = await store.FindAsync(id, cancellationToken);
        return patient is null ? NotFound() : patient;
    }

    [HttpPost]
    public async Task<ActionResult<Patient>> Create(PatientInput input, CancellationToken cancellationToken)
    {
        var created = await store.AddAsync(input, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = created.Id }, created);
    }

    /// <summary>Searches by SSN in the body (never in the URL, where it would reach access logs).</summary>
    [HttpPost("search")]
    [Audited(Action = "phi.read", ResourceType = "Patient")]
    public async Task<ActionResult<List<Patient>>> Search(SearchRequest request, CancellationToken cancellationToken) =>
        await store.FindBySsnAsync(request.Ssn, cancellationToken);
}
