namespace Clinic.Legacy;

/// <summary>Fetches lab results from the reference laboratory, over the address it had in 2015.</summary>
public sealed class LabResultsClient(HttpClient http)
{
    private const string LabAddress = "http://results.reference-lab.example.org/api/v1";

    // CMP5004: the patient's results travel in clear text.
    public Task<string> ResultsAsync(int patientId) => http.GetStringAsync(LabAddress + "/results?patient=" + patientId);
}
