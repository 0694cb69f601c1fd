using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Compliance.Runtime.ScaleOut.Tests.Redis;

/// <summary>
/// A redis-server of the test's own, on a free port, that the test may stop and start again (the
/// shared server must never be stopped: other tests use it). Data is not persisted.
/// </summary>
internal sealed class ThrowawayRedis : IDisposable
{
    private Process? _process;

    public ThrowawayRedis()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static string? ServerPath => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(directory => Path.Combine(directory, "redis-server"))
        .FirstOrDefault(File.Exists);

    public async Task StartAsync()
    {
        _process = Process.Start(new ProcessStartInfo(ServerPath!, ["--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not start on port {Port}.");
    }

    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();
}

/// <summary>
/// A test that starts its own redis-server: skipped, with the reason, when redis-server is not
/// installed outside CI; with <c>CI=true</c> it always runs (and fails without it).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RedisServerFactAttribute : FactAttribute
{
    public RedisServerFactAttribute()
    {
        if (!TestServers.IsCi && ThrowawayRedis.ServerPath is null)
        {
            Skip = "redis-server is not installed (apt-get install redis-server, or tools/ci/servers.sh start). With CI=true this test runs and fails instead.";
        }
    }
}
