using Clinic.Api.Models;
using Compliance.Runtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Clinic.Api.Controllers;

[ApiController]
[Route("api/patients")]
[Authorize]
[Audited(ResourceType = "Patient")]
[RateLimited(RateLimitTier.Standard)]
[Validated]
public sealed class PatientsController(PatientStore store) : ControllerBase
{
    [HttpGet("{id:int}")]
    public ActionResult<Patient> Get(int id)
    {
        var patient = store.Find(id);
        return patient is null ? NotFound() : patient;
    }

    [HttpPost]
    public ActionResult<Patient> Create(PatientInput input)
    {
        var created = store.Add(input);
        return CreatedAtAction(nameof(Get), new { id = created.Id }, created);
    }
}
