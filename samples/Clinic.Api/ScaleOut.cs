using Compliance.Runtime.PostgreSql;
using Npgsql;

namespace Clinic.Api;

/// <summary>
/// The sample's scale-out configuration (scale-out.sh, appsettings.ScaleOut.json): the compliance
/// stores in PostgreSQL and the shared state in Redis, so any instance can serve any request.
/// </summary>
public static class ScaleOut
{
    /// <summary>The command scale-out.sh runs once, as the schema owner, before any instance starts.</summary>
    public const string MigrateCommand = "migrate-compliance-schema";

    /// <summary>The connection of the application's own role to the compliance stores, when the stores are shared.</summary>
    public static string? ComplianceConnection(IConfiguration configuration) => configuration.GetConnectionString("Compliance") is { Length: > 0 } connection ? connection : null;

    /// <summary>
    /// The documented migration step (docs/runtime/postgresql.md): creates the compliance schema as
    /// its owner and grants the application's role only what the stores need, so the instances
    /// cannot update or delete audit records.
    /// </summary>
    public static async Task MigrateComplianceSchemaAsync(IConfiguration configuration)
    {
        var owner = configuration.GetConnectionString("ComplianceOwner")
            ?? throw new InvalidOperationException("ConnectionStrings:ComplianceOwner (the schema owner's connection) is required to migrate the compliance schema.");
        await using var dataSource = NpgsqlDataSource.Create(owner);
        await PostgreSqlComplianceSchema.MigrateAsync(dataSource, new PostgreSqlMigrationOptions
        {
            ApplicationRole = configuration["Clinic:ComplianceApplicationRole"],
        });
    }
}
