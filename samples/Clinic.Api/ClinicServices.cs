using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Clinic.Api;

public static class ClinicServices
{
    public static IServiceCollection AddClinicServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PatientStore>();
        services.AddSingleton<DemoCredentials>();

        // Encrypted columns and blind indexes come from the compliance services (AddFieldEncryption).
        // One instance keeps its patients in a local SQLite file; several instances share them in
        // PostgreSQL (ConnectionStrings:ClinicPostgres, set by appsettings.ScaleOut.json).
        services.AddDbContext<ClinicDb>((provider, options) =>
        {
            if (configuration.GetConnectionString("ClinicPostgres") is { Length: > 0 } shared)
            {
                options.UseNpgsql(shared);
            }
            else
            {
                options.UseSqlite(configuration.GetConnectionString("Clinic")
                    ?? "Data Source=" + Path.Combine(provider.GetRequiredService<IHostEnvironment>().ContentRootPath, ".local", "clinic.db"));
            }

            options.UseFieldEncryption(provider);
        });
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
        var database = scope.ServiceProvider.GetRequiredService<ClinicDb>().Database;
        if (database.IsSqlite())
        {
            database.EnsureCreated();
            return;
        }

        // Shared PostgreSQL: the compliance schema's migration has already created tables in this
        // database, which EnsureCreated would take for a created database; create the clinic's
        // own tables (in its search path) when they are missing.
        var exists = database.SqlQueryRaw<bool>("SELECT to_regclass('patients') IS NOT NULL AS \"Value\"").AsEnumerable().First();
        if (!exists)
        {
            database.GetService<IRelationalDatabaseCreator>().CreateTables();
        }
    }
}
