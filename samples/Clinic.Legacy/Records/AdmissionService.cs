using System.Diagnostics;
using Clinic.Legacy.Models;

namespace Clinic.Legacy.Records;

/// <summary>Admission workflow written the way many clinic back ends are: every rule of CMP2001–CMP2005 fires here.</summary>
public sealed class AdmissionService(ILogger<AdmissionService> logger, PatientStore store, IHttpClientFactory httpClients)
{
    private static readonly ActivitySource Tracing = new("Clinic.Admissions");

    public async Task<Patient> AdmitAsync(int patientId, HttpResponse response)
    {
        using var activity = Tracing.StartActivity("admit");
        // Not reported: the message names the record by its surrogate id only.
        var patient = store.Find(patientId) ?? throw new InvalidOperationException($"No patient {patientId}");

        // CMP2001: PHI in a log message template argument.
        logger.LogInformation("Admitting {Name} ({Ssn})", patient.FullName, patient.Ssn);

        // CMP2005: the whole patient is serialised by the structured logger.
        logger.LogDebug("Admission record {@Patient}", patient);

        // CMP2003: diagnosis exported to the tracing backend.
        activity?.SetTag("patient.diagnosis", patient.Diagnosis);

        // CMP2004: the SSN travels in a query string and a response header.
        var client = httpClients.CreateClient();
        await client.GetStringAsync($"https://labs.example/results?ssn={patient.Ssn}");
        response.Headers["X-Patient-Name"] = patient.FullName;

        // CMP2001 through a user-written logging wrapper two calls deep.
        AuditTrail.Record(logger, "admit", patient.Diagnosis);
        return patient;
    }

    public void Discharge(Patient patient, string reason)
    {
        if (string.IsNullOrEmpty(reason))
        {
            // CMP2002: the patient's name ends up in every log and error page that prints the exception.
            throw new ArgumentException("Discharge reason missing for " + patient.FullName, nameof(reason));
        }
    }
}

/// <summary>A home-grown audit helper: it looks harmless at the call site and writes whatever it is given to the log.</summary>
public static class AuditTrail
{
    public static void Record(ILogger logger, string action, string detail) => Write(logger, action, detail);

    private static void Write(ILogger logger, string action, string detail)
        => logger.LogInformation("audit {Action}: {Detail}", action, detail);
}
