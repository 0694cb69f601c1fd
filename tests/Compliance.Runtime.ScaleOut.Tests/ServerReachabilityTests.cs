namespace Compliance.Runtime.ScaleOut.Tests;

/// <summary>The servers the other tests rely on are there; under CI=true a missing one fails here first, by name.</summary>
public sealed class ServerReachabilityTests
{
    [PostgresFact]
    public void PostgreSql_IsReachable() => Assert.True(TestServers.PostgresIsReachable, $"PostgreSQL is not reachable at {TestServers.PostgresConnectionString}.");

    [RedisFact]
    public void Redis_IsReachable() => Assert.True(TestServers.RedisIsReachable, $"Redis is not reachable at {TestServers.RedisConfiguration}.");
}
