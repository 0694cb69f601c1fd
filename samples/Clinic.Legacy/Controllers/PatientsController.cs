using Clinic.Legacy.Models;
using Microsoft.AspNetCore.Mvc;

namespace Clinic.Legacy.Controllers;

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
