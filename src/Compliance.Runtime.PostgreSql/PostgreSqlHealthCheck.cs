using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Compliance.Runtime.PostgreSql;

/// <summary>
/// Reports whether PostgreSQL answers (<c>SELECT 1</c> within 5 seconds) as <c>compliance-postgresql</c>.
/// The description names the failure's type only: connection errors can name hosts and users,
/// and health output is often public.
/// </summary>
internal sealed class PostgreSqlHealthCheck(CompliancePostgreSqlDataSource source) : IHealthCheck
{
    public const string Name = "compliance-postgresql";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var connection = await source.DataSource.OpenConnectionAsync(timeout.Token).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL is down or unreachable ({ex.GetType().Name}); audited endpoints answer 503 until it returns.");
        }
    }
}
