using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Compliance.Runtime.ScaleOut.Tests.PostgreSql;

/// <summary>
/// A PostgreSQL cluster of the test's own on a free port, which the test may stop and start (the
/// shared server on 54329 serves the other tests and is never stopped). Created like
/// <c>tools/ci/servers.sh</c> does: initdb and pg_ctl as the postgres user, trust authentication.
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _root;

    private ThrowawayPostgres(string bin, string root, int port)
    {
        _bin = bin;
        _root = root;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=5";

    /// <summary>Why a cluster cannot be made here (not root, no PostgreSQL binaries), or null when it can.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "starting a throwaway PostgreSQL needs root (initdb and pg_ctl run as the postgres user)";
        }

        return FindBin() is null ? "no PostgreSQL server binaries under /usr/lib/postgresql (tools/ci/servers.sh installs them)" : null;
    }

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = FindBin() ?? throw new InvalidOperationException("No PostgreSQL server binaries.");
        var root = Path.Combine(Path.GetTempPath(), "cr-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        await RunAsync("chown", "postgres:postgres", root);
        var server = new ThrowawayPostgres(bin, root, FreePort());
        await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(bin, "initdb"), "-D", Path.Combine(root, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync");
        await server.StartServerAsync();
        return server;
    }

    public Task StartServerAsync() =>
        RunAsync("runuser", "-u", "postgres", "--", Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_root, "data"), "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
            "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {_root} -c max_connections=100", "start");

    /// <summary>Stops the server at once, as a crash or a failover does (no clean shutdown of the sessions).</summary>
    public Task StopServerAsync() =>
        RunAsync("runuser", "-u", "postgres", "--", Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServerAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_root, recursive: true);
    }

    private static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "pg_ctl"))).OrderBy(b => b, StringComparer.Ordinal).LastOrDefault()
            : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
