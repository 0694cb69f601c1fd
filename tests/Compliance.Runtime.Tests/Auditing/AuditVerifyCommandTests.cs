using System.Diagnostics;
using Compliance.Runtime.Tests.Infrastructure;

namespace Compliance.Runtime.Tests.Auditing;

/// <summary>The verify command, run as a real process against a real log, as an auditor would run it.</summary>
public sealed class AuditVerifyCommandTests
{
    private static readonly byte[] Key = Enumerable.Repeat((byte)7, 32).ToArray();

    [Fact]
    public async Task IntactLog_ExitsZero_AndEditedLog_ExitsOne()
    {
        using var temp = new TempDirectory();
        await using (var harness = await AuditHarness.StartAsync(temp.Path, key: Key))
        {
            for (var i = 0; i < 5; i++)
            {
                await harness.Writer.WriteAsync(AuditHarness.Event(i));
            }
        }

        var valid = await RunAsync(temp.Path, Convert.ToBase64String(Key));
        Assert.True(valid.ExitCode == 0, valid.Output);
        Assert.Contains("VALID", valid.Output, StringComparison.Ordinal);

        var file = AuditFiles.LogFiles(temp.Path)[0];
        var lines = AuditFiles.ReadLines(file);
        lines[2] = lines[2].Replace("\"seq\":3", "\"seq\":3 ", StringComparison.Ordinal);
        AuditFiles.WriteLines(file, lines);

        var tampered = await RunAsync(temp.Path, Convert.ToBase64String(Key));
        Assert.True(tampered.ExitCode == 1, tampered.Output);
        Assert.Contains("INVALID", tampered.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingDirectoryOrKey_ExitsTwo()
    {
        using var temp = new TempDirectory();
        Assert.Equal(2, (await RunAsync(Path.Combine(temp.Path, "missing"), Convert.ToBase64String(Key))).ExitCode);
        Assert.Equal(2, (await RunAsync(temp.Path, key: null)).ExitCode);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string directory, string? key)
    {
        // tests/Compliance.Runtime.Tests/bin/<configuration>/net10.0 → src/Compliance.AuditVerify/bin/<configuration>/net10.0
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent!.Name;
        var root = testOutput.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var command = Path.Combine(root, "src", "Compliance.AuditVerify", "bin", configuration, testOutput.Name, "Compliance.AuditVerify.dll");
        Assert.True(File.Exists(command), "The verify command was not built: " + command);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(directory);
        start.Environment.Remove("COMPLIANCE_AUDIT_SEAL_KEY");
        if (key is not null)
        {
            start.Environment["COMPLIANCE_AUDIT_SEAL_KEY"] = key;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
