using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Compliance.Runtime.ScaleOut.Tests.PostgreSql;
using Compliance.Runtime.ScaleOut.Tests.Redis;
using Xunit.Abstractions;

namespace Compliance.Runtime.ScaleOut.Tests.Servers;

/// <summary>
/// <c>tools/ci/servers.sh status</c> reports both servers, one line each, whichever is down, and its
/// exit status says which (1 PostgreSQL, 2 Redis, 3 both). It used to stop at the PostgreSQL check
/// under <c>set -e</c>, so Redis was never reported. The script is pointed at ports of the test's own,
/// never at the shared servers.
/// </summary>
public sealed class ServersScriptStatusTests(ITestOutputHelper output)
{
    [Fact]
    public async Task BothDown_AreBothReported_AndTheExitStatusSaysBoth()
    {
        var (exitCode, lines) = await StatusAsync(FreePort(), FreePort());

        Assert.True(exitCode == 3, string.Join('\n', lines));
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("postgres: down", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("redis: down", lines[1], StringComparison.Ordinal);
    }

    [RedisServerFact]
    public async Task PostgreSqlDown_DoesNotHideRedis_AndTheExitStatusSaysPostgreSql()
    {
        using var redis = new ThrowawayRedis();
        await redis.StartAsync();

        var (exitCode, lines) = await StatusAsync(FreePort(), redis.Port);

        Assert.True(exitCode == 1, string.Join('\n', lines));
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("postgres: down", lines[0], StringComparison.Ordinal);
        Assert.Equal($"redis: up on 127.0.0.1:{redis.Port}", lines[1]);
    }

    [Fact]
    public async Task BothUp_ExitsZero_AndRedisDown_IsReportedBesidePostgreSql()
    {
        if ((ThrowawayPostgres.Unavailable() ?? (ThrowawayRedis.ServerPath is null ? "redis-server is not installed" : null)) is { } reason)
        {
            // Under CI the servers are installed and the run is root: a missing one is a failure there, not a skip.
            Assert.False(TestServers.IsCi, "CI=true but " + reason);
            output.WriteLine("SKIPPED: " + reason);
            return;
        }

        await using var postgres = await ThrowawayPostgres.StartAsync();
        using var redis = new ThrowawayRedis();
        await redis.StartAsync();

        var (bothUp, upLines) = await StatusAsync(postgres.Port, redis.Port);
        Assert.True(bothUp == 0, string.Join('\n', upLines));
        Assert.Equal([$"postgres: up on 127.0.0.1:{postgres.Port}", $"redis: up on 127.0.0.1:{redis.Port}"], upLines);

        redis.Stop();
        var (redisDown, downLines) = await StatusAsync(postgres.Port, redis.Port);
        Assert.True(redisDown == 2, string.Join('\n', downLines));
        Assert.Equal([$"postgres: up on 127.0.0.1:{postgres.Port}", $"redis: down (no PONG from 127.0.0.1:{redis.Port})"], downLines);
    }

    private static async Task<(int ExitCode, List<string> Lines)> StatusAsync(int postgresPort, int redisPort)
    {
        // tests/<test project>/bin/<configuration>/net10.0 → the repository root.
        var root = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var script = Path.Combine(root, "tools", "ci", "servers.sh");
        Assert.True(File.Exists(script), "No servers script at " + script);

        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("status");
        start.Environment["COMPLIANCE_PG_PORT"] = postgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["COMPLIANCE_REDIS_PORT"] = redisPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.True(lines.Count > 0, "No output; standard error: " + await error);
        return (process.ExitCode, lines);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
