namespace Compliance.Runtime.PostgreSql;

/// <summary>What <see cref="PostgreSqlComplianceSchema.MigrateAsync(Npgsql.NpgsqlDataSource, PostgreSqlMigrationOptions?, CancellationToken)"/> creates and grants.</summary>
public sealed class PostgreSqlMigrationOptions
{
    /// <summary>The schema to create the tables in (default <c>compliance</c>).</summary>
    public string Schema { get; set; } = PostgreSqlComplianceSchema.DefaultSchema;

    /// <summary>
    /// The existing role the application connects with, when it is not the role running the
    /// migration. It is granted what the stores need and no more: on the audit tables SELECT and
    /// INSERT only (UPDATE, DELETE and TRUNCATE are revoked), on the key and MFA tables SELECT,
    /// INSERT, UPDATE and DELETE. Null grants nothing.
    /// </summary>
    public string? ApplicationRole { get; set; }
}
