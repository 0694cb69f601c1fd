using Npgsql;

namespace Compliance.Runtime.PostgreSql;

/// <summary>
/// The data source the compliance stores use: built from a connection string (and then owned and
/// disposed with the container), or the application's own (never disposed here).
/// </summary>
internal sealed class CompliancePostgreSqlDataSource(NpgsqlDataSource dataSource, bool owned) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public ValueTask DisposeAsync() => owned ? DataSource.DisposeAsync() : ValueTask.CompletedTask;
}
