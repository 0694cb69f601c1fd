using Clinic.Legacy.Models;
using Microsoft.AspNetCore.Mvc;

namespace Clinic.Legacy.Controllers;

// CMP9100 (with -p:ComplianceReport=true): each action is an endpoint of the report's inventory, with
// its controls as the endpoint rules resolve them (here: no audit, no authorization, no rate limit).
[ApiController]
[Route("api/patients")]
public sealed class PatientsController(PatientStore store) : ControllerBase
{
    [HttpGet("{id:int}")]
    public ActionResult<Patient> Get(int id)
    {
        var patient = store.Find(id);
        return patient is null ? NotFound() : patient;
    }

    [HttpPost]
    public ActionResult<Patient> Create(Patient patient)
    {
        var created = store.Add(patient);
        return CreatedAtAction(nameof(Get), new { id = created.Id }, created);
    }
}
