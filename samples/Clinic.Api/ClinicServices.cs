using Microsoft.EntityFrameworkCore;

namespace Clinic.Api;

public static class ClinicServices
{
    public static IServiceCollection AddClinicServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PatientStore>();
        services.AddSingleton<DemoCredentials>();

        // Encrypted columns and blind indexes come from the compliance services (AddFieldEncryption).
        services.AddDbContext<ClinicDb>((provider, options) => options
            .UseSqlite(configuration.GetConnectionString("Clinic")
                ?? "Data Source=" + Path.Combine(provider.GetRequiredService<IHostEnvironment>().ContentRootPath, ".local", "clinic.db"))
            .UseFieldEncryption(provider));
        // Only callers with the compliance-auditor role read the runtime compliance inventory.
        services.AddAuthorization(options => options.AddPolicy(ComplianceAuditorPolicy, policy => policy.RequireRole("compliance-auditor")));
        return services;
    }

    /// <summary>The policy of the compliance inventory endpoint (app.MapComplianceInventory).</summary>
    public const string ComplianceAuditorPolicy = "ComplianceAuditor";

    /// <summary>Creates the schema (patients, wrapped keys, MFA enrolments) before the key ring loads. A real deployment runs migrations instead.</summary>
    public static void CreateClinicDatabase(this WebApplication app)
    {
        Directory.CreateDirectory(Path.Combine(app.Environment.ContentRootPath, ".local"));
        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<ClinicDb>().Database.EnsureCreated();
    }
}
