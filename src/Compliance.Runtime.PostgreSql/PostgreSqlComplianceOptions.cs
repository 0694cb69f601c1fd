using Microsoft.Extensions.Options;

namespace Compliance.Runtime.PostgreSql;

/// <summary>Settings of the PostgreSQL stores, bound from <c>Compliance:PostgreSql</c>.</summary>
public sealed class PostgreSqlComplianceOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Compliance:PostgreSql";

    /// <summary>
    /// The schema holding the compliance tables (default <c>compliance</c>): a lower-case SQL
    /// identifier (letters, digits and underscores, at most 63 characters, not starting with a digit).
    /// </summary>
    public string Schema { get; set; } = PostgreSqlComplianceSchema.DefaultSchema;

    /// <summary>
    /// The audit chain this application appends to (default <c>default</c>). Every instance of one
    /// application uses the same chain; applications sharing a database use different ones. At most
    /// 200 characters, no control characters.
    /// </summary>
    public string Chain { get; set; } = PostgreSqlComplianceSchema.DefaultChain;

    /// <summary>
    /// Whether the host runs <see cref="PostgreSqlComplianceSchema.MigrateAsync(Npgsql.NpgsqlDataSource, PostgreSqlMigrationOptions?, CancellationToken)"/>
    /// when it starts (default false). The migration is idempotent, but it needs a role that may
    /// create tables and triggers; production deployments run it as an explicit step with the
    /// schema owner's role and give the application a role that may only read and append.
    /// </summary>
    public bool MigrateOnStart { get; set; }
}

/// <summary>Refuses settings that would put unvalidated text into SQL or split one application's trail.</summary>
internal sealed class PostgreSqlComplianceOptionsValidation : IValidateOptions<PostgreSqlComplianceOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgreSqlComplianceOptions options)
    {
        var failures = new List<string>();
        if (!PostgreSqlComplianceSchema.IsValidSchemaName(options.Schema))
        {
            failures.Add("Compliance:PostgreSql:Schema must be a lower-case SQL identifier: letters, digits and underscores, at most 63 characters, not starting with a digit.");
        }

        if (!PostgreSqlComplianceSchema.IsValidChainName(options.Chain))
        {
            failures.Add("Compliance:PostgreSql:Chain must be 1 to 200 characters without control characters.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
