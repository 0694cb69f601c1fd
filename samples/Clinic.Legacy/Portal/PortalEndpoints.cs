using Clinic.Legacy.Models;

namespace Clinic.Legacy;

/// <summary>
/// The patient portal's minimal APIs, written the insecure way: no audit, no rate limits, no
/// validation, anonymous access to patient data, and antiforgery switched off for an upload.
/// </summary>
public static class PortalEndpoints
{
    public static IEndpointRouteBuilder MapClinicPortal(this IEndpointRouteBuilder routes)
    {
        var portal = routes.MapGroup("/portal");

        // CMP3001, CMP3002, CMP3005: patient data, anonymously, without audit or limit.
        portal.MapGet("/patients/{id:int}", (int id, PatientStore store) => store.Find(id));

        // CMP3003: the portal's sign-in shares the standard tier of the group.
        portal.MapPost("/sign-in", (PortalSignIn request) => Results.Ok()).RateLimited();

        // CMP3002, CMP3004: a body bound without validation, through MapMethods.
        portal.MapMethods("/patients/{id:int}/contact", new[] { "PUT", "PATCH" }, (int id, ContactUpdate update) => Results.NoContent());

        // CMP3006: form upload with antiforgery validation switched off.
        portal.MapPost("/documents", (IFormFile document) => Results.Accepted()).DisableAntiforgery();

        return routes;
    }

    public sealed record PortalSignIn(string Email, string Password);

    public sealed record ContactUpdate(string Phone, string Email);
}
