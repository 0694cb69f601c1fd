using System.Diagnostics;
using System.Security.Cryptography;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Files;
using Compliance.Runtime.Tests.Infrastructure;

namespace Compliance.Runtime.Tests.Auditing;

/// <summary>Kills a real writer process and checks what is left on disk.</summary>
public sealed class CrashTests
{
    [Fact]
    public async Task KilledWriter_LeavesAVerifiableLog_WithOnlyTheTornTailReported_AndAppendsContinue()
    {
        using var temp = new TempDirectory();
        var key = RandomNumberGenerator.GetBytes(32);

        // 1. Kill a writer under load, at whatever point of an append it is in.
        var acknowledged = await RunChildUntilAsync(temp.Path, key, "load", line => line.StartsWith("acked ", StringComparison.Ordinal) && long.Parse(line[6..], System.Globalization.CultureInfo.InvariantCulture) >= 300);
        var afterLoad = await new FileAuditVerifier(temp.Path, key).VerifyAsync();
        Assert.True(afterLoad.IsValid, FileAuditStoreTests.Describe(afterLoad));
        Assert.All(afterLoad.Issues, static i => Assert.Equal(AuditIssueKind.TornTail, i.Kind));
        Assert.True(afterLoad.RecordCount >= 300, "every acknowledged record must be on disk");

        // 2. A new process continues the same chain, then is killed in the middle of writing a line.
        await RunChildUntilAsync(temp.Path, key, "tear", static line => line == "torn");
        var afterTear = await new FileAuditVerifier(temp.Path, key).VerifyAsync();
        Assert.True(afterTear.IsValid, FileAuditStoreTests.Describe(afterTear));
        Assert.Equal(afterLoad.RecordCount + 20, afterTear.RecordCount);
        Assert.Equal(afterTear.RecordCount, afterTear.LastSequence);
        var torn = afterTear.Issues.Where(static i => i.Kind == AuditIssueKind.TornTail).ToList();
        Assert.Equal(afterLoad.Issues.Count + 1, torn.Count);

        // 3. Appends continue after the torn line, and the log still verifies.
        await using (var harness = await AuditHarness.StartAsync(temp.Path, key))
        {
            for (var i = 0; i < 5; i++)
            {
                await harness.Writer.WriteAsync(AuditHarness.Event(i));
            }
        }

        var resumed = await new FileAuditVerifier(temp.Path, key).VerifyAsync();
        Assert.True(resumed.IsValid, FileAuditStoreTests.Describe(resumed));
        Assert.Equal(afterTear.RecordCount + 5, resumed.RecordCount);
        Assert.Equal(resumed.RecordCount, resumed.LastSequence);
        Assert.Equal(torn.Count, resumed.Issues.Count);
        _ = acknowledged;
    }

    private static async Task<string> RunChildUntilAsync(string directory, byte[] key, string mode, Func<string, bool> ready)
    {
        var assembly = typeof(CrashWriterProgram).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { assembly, "crash-writer", directory, Convert.ToBase64String(key), mode })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (ready(line))
                {
                    return line;
                }
            }

            throw new InvalidOperationException("The child writer exited early: " + await child.StandardError.ReadToEndAsync(timeout.Token));
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(CancellationToken.None);
        }
    }
}
