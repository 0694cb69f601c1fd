using System.Diagnostics;

namespace Compliance.Runtime.Tests.Auditing;

/// <summary>
/// Runs the built verify command as a real process, as an auditor would. Also compiled into the
/// scale-out tests (a linked file), whose output folder sits at the same depth.
/// </summary>
internal static class AuditVerifyCommand
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, string? environmentKey = null)
    {
        // tests/<test project>/bin/<configuration>/net10.0 → src/Compliance.AuditVerify/bin/<configuration>/net10.0
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent!.Name;
        var root = testOutput.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var command = Path.Combine(root, "src", "Compliance.AuditVerify", "bin", configuration, testOutput.Name, "Compliance.AuditVerify.dll");
        Assert.True(File.Exists(command), "The verify command was not built: " + command);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(command);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("COMPLIANCE_AUDIT_SEAL_KEY");
        if (environmentKey is not null)
        {
            start.Environment["COMPLIANCE_AUDIT_SEAL_KEY"] = environmentKey;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
