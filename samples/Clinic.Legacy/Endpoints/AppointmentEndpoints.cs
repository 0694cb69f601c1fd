namespace Clinic.Legacy.Endpoints;

public static class AppointmentEndpoints
{
    public static IEndpointRouteBuilder MapAppointmentEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/appointments");
        group.MapGet("/patient/{patientId:int}", (int patientId, PatientStore store) => store.AppointmentsFor(patientId));
        group.MapPost("/", (BookAppointment request, PatientStore store) => store.Book(request.PatientId, request.StartsAt, request.Reason));
        return routes;
    }

    public sealed record BookAppointment(int PatientId, DateTimeOffset StartsAt, string Reason);
}
