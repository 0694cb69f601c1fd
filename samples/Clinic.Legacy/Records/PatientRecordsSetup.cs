using Clinic.Legacy.Records;

// The framework's convention for Add* extensions, so Program.cs needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class PatientRecordsSetup
{
    public static IServiceCollection AddPatientRecords(this IServiceCollection services)
    {
        services.AddDbContext<ClinicRecordsDbContext>();
        services.AddScoped<AdmissionService>();
        services.AddHttpClient();
        return services;
    }
}
