using System.Net;
using System.Net.Http.Headers;

namespace Clinic.Legacy;

/// <summary>Charges co-payments. Written years ago, before anyone thought about where keys belong.</summary>
public sealed class PaymentsClient(HttpClient http)
{
    private const string ApiKey = "sk_live_51Hc8rQGmZtV7sYk2LxW9pN4e";

    public Task<HttpResponseMessage> ChargeAsync(int patientId, decimal amount)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return http.PostAsync($"https://payments.example.org/charges?patient={patientId}&amount={amount}", content: null);
    }

    // CMP9002: a suppression nobody explained. With -p:ComplianceReport=true it is also CMP9102, the
    // report's suppression inventory, listed without a justification beside the finding it hides.
#pragma warning disable CMP1003
    public static ICredentials MailCredentials() => new NetworkCredential("clinic-mailer", "Winter2026!");
#pragma warning restore CMP1003
}
