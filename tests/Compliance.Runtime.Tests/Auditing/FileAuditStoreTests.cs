using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Chain;
using Compliance.Runtime.Auditing.Files;
using Compliance.Runtime.Tests.Infrastructure;

namespace Compliance.Runtime.Tests.Auditing;

public sealed class FileAuditStoreTests
{
    [Fact]
    public async Task Records_FollowTheDocumentedChainFormula()
    {
        using var temp = new TempDirectory();
        await using (var harness = await AuditHarness.StartAsync(temp.Path, key: Enumerable.Repeat((byte)7, 32).ToArray()))
        {
            for (var i = 0; i < 3; i++)
            {
                await harness.Writer.WriteAsync(AuditHarness.Event(i));
            }
        }

        var lines = AuditFiles.LogFiles(temp.Path).SelectMany(AuditFiles.ReadLines).ToList();
        Assert.Equal(3, lines.Count);
        byte[]? previous = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = Encoding.UTF8.GetBytes(lines[i]);
            var start = "{\"record\":"u8.Length;
            var end = lines[i].IndexOf(",\"hash\":", StringComparison.Ordinal);
            var content = line[start..end];
            using var record = JsonDocument.Parse(content);
            var root = record.RootElement;
            Assert.Equal(i + 1, root.GetProperty("seq").GetInt64());
            var stream = root.GetProperty("stream").GetString()!;
            previous ??= SHA256.HashData(Encoding.UTF8.GetBytes("cr-audit-genesis" + stream));

            var leaf = SHA256.HashData([0x00, .. content]);
            var hash = SHA256.HashData([0x01, .. previous, .. leaf]);
            using var envelope = JsonDocument.Parse(line);
            Assert.Equal(Convert.ToHexStringLower(hash), envelope.RootElement.GetProperty("hash").GetString());
            var seal = HMACSHA256.HashData(Enumerable.Repeat((byte)7, 32).ToArray(), hash);
            Assert.Equal(Convert.ToHexStringLower(seal), envelope.RootElement.GetProperty("seal").GetString());
            Assert.Equal("k1", envelope.RootElement.GetProperty("seal_kid").GetString());
            previous = hash;
        }
    }

    [Fact]
    public async Task Record_HoldsTheEventFieldsAndNoBodies()
    {
        using var temp = new TempDirectory();
        await using (var harness = await AuditHarness.StartAsync(temp.Path))
        {
            await harness.Writer.WriteAsync(AuditHarness.Event(42) with { Fields = ["$.ssn"] });
        }

        var record = AuditFiles.Records(temp.Path).Single().RootElement.GetProperty("record");
        Assert.Equal("phi.read", record.GetProperty("action").GetString());
        Assert.Equal("user-42", record.GetProperty("actor").GetProperty("id").GetString());
        Assert.Equal("Patient", record.GetProperty("resource").GetProperty("type").GetString());
        Assert.Equal("42", record.GetProperty("resource").GetProperty("id").GetString());
        Assert.Equal("success", record.GetProperty("outcome").GetProperty("result").GetString());
        Assert.Equal(200, record.GetProperty("outcome").GetProperty("http_status").GetInt32());
        Assert.Equal("api/patients/{id}", record.GetProperty("request").GetProperty("route_template").GetString());
        Assert.Equal("tests", record.GetProperty("service").GetString());
        Assert.Equal(1, record.GetProperty("schema_version").GetInt32());
        Assert.Equal("$.ssn", record.GetProperty("fields")[0].GetString());
        Assert.EndsWith("Z", record.GetProperty("occurred_at").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntamperedLog_Verifies()
    {
        using var temp = new TempDirectory();
        var report = await WriteAndVerifyAsync(temp.Path, 50, _ => { });
        Assert.True(report.IsValid, Describe(report));
        Assert.Equal(50, report.RecordCount);
        Assert.Empty(report.Issues);
    }

    [Fact]
    public async Task EditedRecord_IsDetected()
    {
        using var temp = new TempDirectory();
        var report = await WriteAndVerifyAsync(temp.Path, 10, lines => lines[4] = lines[4].Replace("user-4", "user-9", StringComparison.Ordinal));
        var issue = Assert.Single(report.Issues);
        Assert.Equal(AuditIssueKind.EditedRecord, issue.Kind);
        Assert.Equal(5, issue.Sequence);
        Assert.False(report.IsValid);
    }

    [Fact]
    public async Task DeletedRecord_IsDetected()
    {
        using var temp = new TempDirectory();
        var report = await WriteAndVerifyAsync(temp.Path, 10, lines => lines.RemoveAt(3));
        var issue = Assert.Single(report.Issues);
        Assert.Equal(AuditIssueKind.MissingRecord, issue.Kind);
        Assert.Equal(4, issue.Sequence);
    }

    [Fact]
    public async Task ReorderedRecords_AreDetected()
    {
        using var temp = new TempDirectory();
        var report = await WriteAndVerifyAsync(temp.Path, 10, lines => (lines[2], lines[3]) = (lines[3], lines[2]));
        var issue = Assert.Single(report.Issues);
        Assert.Equal(AuditIssueKind.ReorderedRecord, issue.Kind);
        Assert.Equal(3, issue.Sequence);
    }

    [Fact]
    public async Task TruncatedTail_IsDetectedAgainstTheCheckpoint()
    {
        using var temp = new TempDirectory();
        var report = await WriteAndVerifyAsync(temp.Path, 10, lines => lines.RemoveRange(7, 3));
        var issue = Assert.Single(report.Issues);
        Assert.Equal(AuditIssueKind.TruncatedTail, issue.Kind);
        Assert.Equal(7, report.LastSequence);
    }

    [Fact]
    public async Task ChainRecomputedWithoutTheKey_FailsTheSeals()
    {
        using var temp = new TempDirectory();
        var report = await WriteAndVerifyAsync(temp.Path, 6, lines => Forge(lines, fromIndex: 2, RandomNumberGenerator.GetBytes(32)));
        Assert.NotEmpty(report.Issues);
        Assert.Equal(AuditIssueKind.InvalidSeal, report.Issues[0].Kind);
        Assert.Equal(3, report.Issues[0].Sequence);
        Assert.DoesNotContain(report.Issues, static issue => issue.Kind == AuditIssueKind.EditedRecord);

        // The sealed checkpoint at the end disagrees with the forged chain as well.
        Assert.All(report.Issues, static issue => Assert.Contains(issue.Kind, new[] { AuditIssueKind.InvalidSeal, AuditIssueKind.CheckpointMismatch }));
    }

    [Fact]
    public async Task TornFinalLine_IsReportedDistinctly_AndAppendsContinue()
    {
        using var temp = new TempDirectory();
        var key = RandomNumberGenerator.GetBytes(32);
        await using (var harness = await AuditHarness.StartAsync(temp.Path, key))
        {
            for (var i = 0; i < 5; i++)
            {
                await harness.Writer.WriteAsync(AuditHarness.Event(i));
            }
        }

        var file = AuditFiles.LogFiles(temp.Path)[^1];
        var lastLine = AuditFiles.ReadLines(file)[^1];
        await File.AppendAllTextAsync(file, AuditVerifyCommandMatrixTests.Half(AuditVerifyCommandMatrixTests.NextRecordLine(lastLine)));

        var torn = await new FileAuditVerifier(temp.Path, key).VerifyAsync();
        Assert.True(torn.IsValid);
        Assert.Equal(AuditIssueKind.TornTail, Assert.Single(torn.Issues).Kind);

        await using (var harness = await AuditHarness.StartAsync(temp.Path, key))
        {
            await harness.Writer.WriteAsync(AuditHarness.Event(99));
        }

        var resumed = await new FileAuditVerifier(temp.Path, key).VerifyAsync();
        Assert.True(resumed.IsValid, Describe(resumed));
        Assert.Equal(6, resumed.RecordCount);
        Assert.Equal(6, resumed.LastSequence);
        Assert.Equal(AuditIssueKind.TornTail, Assert.Single(resumed.Issues).Kind);
        Assert.Equal(2, AuditFiles.LogFiles(temp.Path).Length);
    }

    [Fact]
    public async Task Files_RotateBySize()
    {
        using var temp = new TempDirectory();
        await using (var harness = await AuditHarness.StartAsync(temp.Path, configure: o => { o.MaxFileSize = 64 * 1024; o.MaxBatchSize = 16; }))
        {
            await Task.WhenAll(Enumerable.Range(0, 400).Select(i => harness.Writer.WriteAsync(AuditHarness.Event(i)).AsTask()));
        }

        var files = AuditFiles.LogFiles(temp.Path);
        Assert.True(files.Length >= 2, "expected rotation");
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 64 * 1024));
        var report = await new FileAuditVerifier(temp.Path, sealKey: null).VerifyAsync();
        Assert.True(report.IsValid, Describe(report));
        Assert.Equal(400, report.RecordCount);
    }

    [Fact]
    public async Task ALargeBatch_DoesNotPinItsBufferForTheNextOnes()
    {
        using var temp = new TempDirectory();
        using var store = new FileAuditStore(temp.Path, 64L * 1024 * 1024, TimeProvider.System);
        await store.OpenAsync("stream-1", CancellationToken.None);

        // About 2 MiB in one batch (many records queued at once), then an ordinary one.
        var content = Encoding.UTF8.GetBytes("{\"seq\":0,\"x\":\"" + new string('a', 64 * 1024) + "\"}");
        var large = Enumerable.Range(1, 32).Select(i => new SealedAuditRecord(i, content, new byte[32], "k1", new byte[32])).ToList();
        await store.AppendAsync(large, CancellationToken.None);
        Assert.True(store.BatchBufferCapacity > BatchBuffer.MaxRetainedBytes);

        await store.AppendAsync([new SealedAuditRecord(33, Encoding.UTF8.GetBytes("{}"), new byte[32], "k1", new byte[32])], CancellationToken.None);
        Assert.True(store.BatchBufferCapacity <= BatchBuffer.MaxRetainedBytes, $"the batch buffer kept {store.BatchBufferCapacity} bytes");
    }

    [Fact]
    public async Task Files_RotateByUtcDay()
    {
        using var temp = new TempDirectory();
        var clock = new TestClock();
        await using (var harness = await AuditHarness.StartAsync(temp.Path, time: clock))
        {
            await harness.Writer.WriteAsync(AuditHarness.Event(1));
            clock.Advance(TimeSpan.FromDays(1));
            await harness.Writer.WriteAsync(AuditHarness.Event(2));
        }

        var names = AuditFiles.LogFiles(temp.Path).Select(static f => Path.GetFileName(f)).ToArray();
        Assert.Equal(["audit-000001-20250314.jsonl", "audit-000002-20250315.jsonl"], names);
    }

    [Fact]
    public async Task ConcurrentWriters_LoseAndDuplicateNothing()
    {
        using var temp = new TempDirectory();
        const int Writers = 8, PerWriter = 1000;
        await using (var harness = await AuditHarness.StartAsync(temp.Path))
        {
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < PerWriter; i++)
                {
                    await harness.Writer.WriteAsync(AuditHarness.Event((w * PerWriter) + i));
                }
            })));
        }

        var records = AuditFiles.Records(temp.Path).Select(static d => d.RootElement.GetProperty("record")).ToList();
        Assert.Equal(Writers * PerWriter, records.Count);
        Assert.Equal(Enumerable.Range(1, Writers * PerWriter).Select(static i => (long)i), records.Select(static r => r.GetProperty("seq").GetInt64()));
        Assert.Equal(Writers * PerWriter, records.Select(static r => r.GetProperty("resource").GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(Writers * PerWriter, records.Select(static r => r.GetProperty("event_id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task SecondWriterOnTheSameDirectory_IsRefused()
    {
        using var temp = new TempDirectory();
        await using var first = await AuditHarness.StartAsync(temp.Path);
        await first.Writer.WriteAsync(AuditHarness.Event());
        using var second = new FileAuditStore(temp.Path);
        await Assert.ThrowsAnyAsync<IOException>(async () => await second.OpenAsync("other", CancellationToken.None));
    }

    [Fact]
    public async Task UnavailableStore_FailsAcknowledgedWrites()
    {
        using var temp = new TempDirectory();
        var blocked = Path.Combine(temp.Path, "not-a-directory");
        await File.WriteAllTextAsync(blocked, "x");
        await using var harness = await AuditHarness.StartAsync(blocked);
        Assert.False(harness.Writer.IsAvailable);
        await Assert.ThrowsAsync<AuditStoreUnavailableException>(async () => await harness.Writer.WriteAsync(AuditHarness.Event()));
    }

    internal static string Describe(AuditVerificationReport report) =>
        string.Join(Environment.NewLine, report.Issues.Select(static i => $"{i.Kind} {i.Sequence} {i.Location}: {i.Message}"));

    private static async Task<AuditVerificationReport> WriteAndVerifyAsync(string directory, int count, Action<List<string>> tamper)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        await using (var harness = await AuditHarness.StartAsync(directory, key))
        {
            for (var i = 0; i < count; i++)
            {
                await harness.Writer.WriteAsync(AuditHarness.Event(i));
            }
        }

        var file = Assert.Single(AuditFiles.LogFiles(directory));
        var lines = AuditFiles.ReadLines(file);
        tamper(lines);
        AuditFiles.WriteLines(file, lines);
        return await new FileAuditVerifier(directory, key).VerifyAsync();
    }

    /// <summary>Edits a record and recomputes the chain from there with the public formulas, sealing with a guessed key.</summary>
    private static void Forge(List<string> lines, int fromIndex, byte[] wrongKey)
    {
        var previous = Convert.FromHexString(JsonNode.Parse(lines[fromIndex - 1])!["hash"]!.GetValue<string>());
        for (var i = fromIndex; i < lines.Count; i++)
        {
            var line = lines[i];
            var start = "{\"record\":".Length;
            var end = line.IndexOf(",\"hash\":", StringComparison.Ordinal);
            var content = line[start..end];
            if (i == fromIndex)
            {
                content = content.Replace("\"success\"", "\"denied\"", StringComparison.Ordinal);
            }

            var bytes = Encoding.UTF8.GetBytes(content);
            var leaf = SHA256.HashData([0x00, .. bytes]);
            var hash = SHA256.HashData([0x01, .. previous, .. leaf]);
            var seal = HMACSHA256.HashData(wrongKey, hash);
            lines[i] = $"{{\"record\":{content},\"hash\":\"{Convert.ToHexStringLower(hash)}\",\"seal_kid\":\"k1\",\"seal\":\"{Convert.ToHexStringLower(seal)}\"}}";
            previous = hash;
        }
    }
}
