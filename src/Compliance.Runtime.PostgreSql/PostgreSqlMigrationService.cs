using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.PostgreSql;

/// <summary>
/// Runs the migration when the host starts, only with <see cref="PostgreSqlComplianceOptions.MigrateOnStart"/>.
/// Registered first among the hosted services and run in the starting phase, so the schema exists
/// before the audit writer opens its store and before the key ring loads.
/// </summary>
internal sealed class PostgreSqlMigrationService(CompliancePostgreSqlDataSource source, IOptions<PostgreSqlComplianceOptions> options) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
        {
            await PostgreSqlComplianceSchema.MigrateAsync(source.DataSource, new PostgreSqlMigrationOptions { Schema = options.Value.Schema }, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
