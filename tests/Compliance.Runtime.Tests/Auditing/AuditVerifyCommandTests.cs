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
    public async Task MissingKey_ExitsTwo_AndMissingDirectory_ExitsOne()
    {
        using var temp = new TempDirectory();
        Assert.Equal(2, (await RunAsync(temp.Path, key: null)).ExitCode);

        // A log that is gone is a finding, not a usage error: the trail was removed or never written.
        Assert.Equal(1, (await RunAsync(Path.Combine(temp.Path, "missing"), Convert.ToBase64String(Key))).ExitCode);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string directory, string? key) =>
        AuditVerifyCommand.RunAsync([directory], key);
}
