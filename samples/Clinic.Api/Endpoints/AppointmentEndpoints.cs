using System.ComponentModel.DataAnnotations;
using Clinic.Api.Models;
using Compliance.Runtime;

namespace Clinic.Api.Endpoints;

public static class AppointmentEndpoints
{
    public static IEndpointRouteBuilder MapAppointmentEndpoints(this IEndpointRouteBuilder routes)
    {
        // The conventions on the group apply to every endpoint in it, exactly like the controller attributes.
        var group = routes.MapGroup("/api/appointments")
            .RequireAuthorization()
            .RequireMfa()
            .Audited(resourceType: "Appointment", resourceIdRouteValue: "patientId")
            .RateLimited(RateLimitTier.Standard)
            .Validated();

        group.MapGet("/patient/{patientId:int}", (int patientId, PatientStore store) => store.AppointmentsFor(patientId));
        group.MapPost("/", (BookAppointment request, PatientStore store) => store.Book(request.PatientId, request.StartsAt, request.Reason));
        return routes;
    }

    public sealed record BookAppointment(
        [Range(1, int.MaxValue)] int PatientId,
        DateTimeOffset StartsAt,
        [property: Phi(Category = "diagnosis")][Required, StringLength(500)] string Reason);
}
