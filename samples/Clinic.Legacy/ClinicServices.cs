namespace Clinic.Legacy;

public static class ClinicServices
{
    public static IServiceCollection AddClinicServices(this IServiceCollection services)
    {
        services.AddSingleton<PatientStore>();
        return services;
    }
}
