using System.Globalization;
using Compliance.Runtime.Auditing.Files;

namespace Compliance.Runtime.Tests.Auditing;

/// <summary>
/// Entry point of the test assembly, used only as the child process of <see cref="CrashTests"/>:
/// <c>dotnet Compliance.Runtime.Tests.dll crash-writer &lt;dir&gt; &lt;base64 key&gt; &lt;load|tear&gt;</c>.
/// The test runner never calls it.
/// </summary>
public static class CrashWriterProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["crash-writer", var directory, var key, var mode])
        {
            return 0;
        }

        var harness = await AuditHarness.StartAsync(directory, Convert.FromBase64String(key));
        if (mode == "load")
        {
            // Four producers write as fast as acknowledgements allow until the parent kills the process.
            long acknowledged = 0;
            var producers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
            {
                for (var i = 0; ; i++)
                {
                    await harness.Writer.WriteAsync(AuditHarness.Event((p * 1_000_000) + i));
                    var total = Interlocked.Increment(ref acknowledged);
                    if (total % 50 == 0)
                    {
                        Console.Out.WriteLine("acked " + total.ToString(CultureInfo.InvariantCulture));
                        Console.Out.Flush();
                    }
                }
            })).ToArray();
            await Task.WhenAll(producers);
            return 0;
        }

        // "tear": write some records, then hang halfway through writing a line, as a process does
        // when it is killed inside a large write; the parent kills it there.
        for (var i = 0; i < 20; i++)
        {
            await harness.Writer.WriteAsync(AuditHarness.Event(i));
        }

        await harness.DisposeAsync();
        var file = AuditFileFormat.ListFiles(directory)[^1].Path;
        var lastLine = File.ReadLines(file).Last();
        await using (var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            // Half of the line the writer would have appended next (the next sequence number).
            var half = System.Text.Encoding.UTF8.GetBytes(AuditVerifyCommandMatrixTests.Half(AuditVerifyCommandMatrixTests.NextRecordLine(lastLine)));
            stream.Write(half);
            stream.Flush(flushToDisk: true);
        }

        Console.Out.WriteLine("torn");
        Console.Out.Flush();
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
