using Compliance.Runtime.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.PostgreSql;

/// <summary>
/// The context <c>UsePostgreSql</c> gives the EF Core key-ring and MFA stores: the
/// <c>compliance_data_keys</c> and <c>compliance_mfa</c> tables in the configured schema, created by
/// <see cref="PostgreSqlComplianceSchema.MigrateAsync(Npgsql.NpgsqlDataSource, PostgreSqlMigrationOptions?, CancellationToken)"/>.
/// </summary>
internal sealed class CompliancePostgreSqlDbContext(DbContextOptions<CompliancePostgreSqlDbContext> options, IOptions<PostgreSqlComplianceOptions> settings)
    : DbContext(options), IComplianceKeyStoreContext, IComplianceMfaContext
{
    public string Schema { get; } = settings.Value.Schema;

    public DbSet<ComplianceDataKey> ComplianceDataKeys => Set<ComplianceDataKey>();

    public DbSet<ComplianceMfaRecord> ComplianceMfaRecords => Set<ComplianceMfaRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<ComplianceDataKey>();
        modelBuilder.Entity<ComplianceMfaRecord>();
    }
}

/// <summary>One EF Core model per schema: applications (and tests) with different schemas in one process must not share a model.</summary>
internal sealed class SchemaModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is CompliancePostgreSqlDbContext compliance
            ? (context.GetType(), compliance.Schema, designTime)
            : (object)(context.GetType(), designTime);
}
