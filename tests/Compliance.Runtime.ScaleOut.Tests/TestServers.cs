using System.Net.Sockets;

namespace Compliance.Runtime.ScaleOut.Tests;

/// <summary>
/// Where the real PostgreSQL and Redis servers of the scale-out tests listen: the defaults of
/// <c>tools/ci/servers.sh</c>, or <c>COMPLIANCE_TEST_POSTGRES</c> (an Npgsql connection string) and
/// <c>COMPLIANCE_TEST_REDIS</c> (a StackExchange.Redis configuration string).
/// </summary>
public static class TestServers
{
    public static string PostgresConnectionString { get; } =
        Environment.GetEnvironmentVariable("COMPLIANCE_TEST_POSTGRES") is { Length: > 0 } postgres
            ? postgres
            : "Host=127.0.0.1;Port=54329;Username=postgres;Database=compliance_test";

    public static string RedisConfiguration { get; } =
        Environment.GetEnvironmentVariable("COMPLIANCE_TEST_REDIS") is { Length: > 0 } redis
            ? redis
            : "127.0.0.1:63790";

    internal static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    internal static bool PostgresIsReachable => IsListening(EndpointOf(PostgresConnectionString, "Host", "Port", 5432));

    internal static bool RedisIsReachable => IsListening(EndpointOf(RedisConfiguration.Split(',')[0]));

    internal const string StartHint = "start them with 'tools/ci/servers.sh start' (as root), or point COMPLIANCE_TEST_POSTGRES / COMPLIANCE_TEST_REDIS at servers of your own. With CI=true these tests run and fail instead";

    private static (string Host, int Port) EndpointOf(string connectionString, string hostKey, string portKey, int defaultPort)
    {
        string host = "127.0.0.1";
        int port = defaultPort;
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2)
            {
                continue;
            }

            if (pair[0].Trim().Equals(hostKey, StringComparison.OrdinalIgnoreCase))
            {
                host = pair[1].Trim();
            }

            if (pair[0].Trim().Equals(portKey, StringComparison.OrdinalIgnoreCase) && int.TryParse(pair[1], out var parsed))
            {
                port = parsed;
            }
        }
        return (host, port);
    }

    private static (string Host, int Port) EndpointOf(string hostAndPort)
    {
        var separator = hostAndPort.LastIndexOf(':');
        return separator < 0
            ? (hostAndPort, 6379)
            : (hostAndPort[..separator], int.Parse(hostAndPort[(separator + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static bool IsListening((string Host, int Port) endpoint)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(endpoint.Host, endpoint.Port).Wait(TimeSpan.FromSeconds(2)) && client.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>
/// A test that needs the real PostgreSQL server. Skipped, with the reason, when it is not reachable
/// outside CI; with <c>CI=true</c> it always runs, so a CI run that lost its server fails instead of passing by skipping.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestServers.IsCi && !TestServers.PostgresIsReachable)
        {
            Skip = $"PostgreSQL is not reachable ({TestServers.PostgresConnectionString}); {TestServers.StartHint}.";
        }
    }
}

/// <summary>A test that needs the real Redis server; skipped and failing as <see cref="PostgresFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (!TestServers.IsCi && !TestServers.RedisIsReachable)
        {
            Skip = $"Redis is not reachable ({TestServers.RedisConfiguration}); {TestServers.StartHint}.";
        }
    }
}

/// <summary>A test that needs both servers; skipped and failing as <see cref="PostgresFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ScaleOutFactAttribute : FactAttribute
{
    public ScaleOutFactAttribute()
    {
        if (!TestServers.IsCi && !(TestServers.PostgresIsReachable && TestServers.RedisIsReachable))
        {
            Skip = $"PostgreSQL ({TestServers.PostgresConnectionString}) and Redis ({TestServers.RedisConfiguration}) must both be reachable; {TestServers.StartHint}.";
        }
    }
}
