using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Compliance.Runtime.Auditing.Files;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Compliance.Runtime.Tests.Auditing;

/// <summary>
/// The verify command against every tampering the issue lists, as a real process over real files
/// and a real SQLite database, checking the exit code contract (0 valid, 1 invalid, 2 usage).
/// </summary>
public sealed class AuditVerifyCommandMatrixTests
{
    private static readonly byte[] Key = Enumerable.Repeat((byte)7, 32).ToArray();
    private static readonly byte[] RotatedKey = Enumerable.Repeat((byte)9, 32).ToArray();

    [Theory]
    [InlineData("intact", 0)]
    [InlineData("edited", 1)]
    [InlineData("deleted", 1)]
    [InlineData("reordered", 1)]
    [InlineData("duplicated", 1)]
    [InlineData("forged-appended", 1)]
    [InlineData("forged-seals", 1)]
    [InlineData("crash-tear", 0)]
    [InlineData("garbage-partial-line", 1)]
    [InlineData("partial-copy-of-an-earlier-record", 1)]
    [InlineData("cut-before-the-checkpoint", 1)]
    [InlineData("partial-line-followed-by-data", 1)]
    public async Task FileLog(string tampering, int expectedExitCode)
    {
        using var temp = new TempDirectory();
        await WriteAsync(temp.Path, Key, "k1", 10);
        var file = AuditFiles.LogFiles(temp.Path)[0];
        var lines = AuditFiles.ReadLines(file);
        string? partial = null;
        switch (tampering)
        {
            case "edited": lines[4] = lines[4].Replace("user-4", "user-9", StringComparison.Ordinal); break;
            case "deleted": lines.RemoveAt(3); break;
            case "reordered": (lines[2], lines[3]) = (lines[3], lines[2]); break;
            case "duplicated": lines.Insert(5, lines[4]); break;
            case "forged-appended": lines.Add(ForgeNext(lines[^1], RandomNumberGenerator.GetBytes(32))); break;
            case "forged-seals": Forge(lines, 2, RandomNumberGenerator.GetBytes(32)); break;
            case "crash-tear": partial = Half(NextRecordLine(lines[^1])); break;
            case "garbage-partial-line": partial = "{\"record\":{\"not a record"; break;
            case "partial-copy-of-an-earlier-record": partial = Half(lines[2]); break;
            case "cut-before-the-checkpoint":
                partial = Half(lines[7]);
                lines.RemoveRange(7, 3);
                break;
            case "partial-line-followed-by-data": lines[5] = Half(lines[5]); break;
        }

        AuditFiles.WriteLines(file, lines);
        if (partial is not null)
        {
            await File.AppendAllTextAsync(file, partial);
        }

        var result = await AuditVerifyCommand.RunAsync([temp.Path, "--seal-key-file", WriteKeyFile(temp.Path, Key)]);
        Assert.True(result.ExitCode == expectedExitCode, result.Output);
        Assert.Contains(expectedExitCode == 0 ? ": VALID" : ": INVALID", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyOrMissingLog_ExitsOne_WithAReason()
    {
        using var temp = new TempDirectory();
        var keyFile = WriteKeyFile(Path.Combine(temp.Path, "keys"), Key);
        var empty = Directory.CreateDirectory(Path.Combine(temp.Path, "empty")).FullName;

        var emptyResult = await AuditVerifyCommand.RunAsync([empty, "--seal-key-file", keyFile]);
        Assert.True(emptyResult.ExitCode == 1, emptyResult.Output);
        Assert.Contains("EmptyLog", emptyResult.Output, StringComparison.Ordinal);

        var missingResult = await AuditVerifyCommand.RunAsync([Path.Combine(temp.Path, "missing"), "--seal-key-file", keyFile]);
        Assert.True(missingResult.ExitCode == 1, missingResult.Output);
        Assert.Contains("EmptyLog", missingResult.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemovedTailWithItsCheckpoint_IsDetected_OnlyGivenAnAnchor()
    {
        using var temp = new TempDirectory();
        var log = Directory.CreateDirectory(Path.Combine(temp.Path, "log")).FullName;
        var keyFile = WriteKeyFile(Path.Combine(temp.Path, "keys"), Key);
        await WriteAsync(log, Key, "k1", 10, checkpointEvery: 5);

        // The auditor keeps the latest checkpoint off the box, and notes the head as seq:hash.
        var anchorFile = Path.Combine(temp.Path, "anchor.jsonl");
        var export = await AuditVerifyCommand.RunAsync([log, "--seal-key-file", keyFile, "--export-checkpoint", anchorFile]);
        Assert.True(export.ExitCode == 0, export.Output);
        Assert.True(File.Exists(anchorFile), export.Output);
        var file = AuditFiles.LogFiles(log)[0];
        var lines = AuditFiles.ReadLines(file);
        var head = "10:" + JsonNode.Parse(lines[9])!["hash"]!.GetValue<string>();

        // The intruder removes records 6-10 and the checkpoint that covered them.
        lines.RemoveRange(5, 5);
        AuditFiles.WriteLines(file, lines);
        var checkpoints = Path.Combine(log, AuditFileFormat.CheckpointFileName);
        var checkpointLines = AuditFiles.ReadLines(checkpoints);
        Assert.Equal(2, checkpointLines.Count);
        AuditFiles.WriteLines(checkpoints, checkpointLines.Take(1));

        // What is left is a consistent earlier state: without an anchor nothing can tell.
        var unanchored = await AuditVerifyCommand.RunAsync([log, "--seal-key-file", keyFile]);
        Assert.True(unanchored.ExitCode == 0, unanchored.Output);

        var bySequence = await AuditVerifyCommand.RunAsync([log, "--seal-key-file", keyFile, "--expect-at-least", head]);
        Assert.True(bySequence.ExitCode == 1, bySequence.Output);
        Assert.Contains("AnchorMismatch", bySequence.Output, StringComparison.Ordinal);

        var byCheckpoint = await AuditVerifyCommand.RunAsync([log, "--seal-key-file", keyFile, "--anchor", anchorFile]);
        Assert.True(byCheckpoint.ExitCode == 1, byCheckpoint.Output);
        Assert.Contains("AnchorMismatch", byCheckpoint.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotatedSealKey_VerifiesWithTheKeySet_AndNotWithOneKey()
    {
        using var temp = new TempDirectory();
        var log = Directory.CreateDirectory(Path.Combine(temp.Path, "log")).FullName;
        await WriteAsync(log, Key, "k1", 5);
        await WriteAsync(log, RotatedKey, "k2", 5);
        var k1 = WriteKeyFile(Path.Combine(temp.Path, "k1"), Key);
        var k2 = WriteKeyFile(Path.Combine(temp.Path, "k2"), RotatedKey);

        var both = await AuditVerifyCommand.RunAsync([log, "--seal-key-file", "k1=" + k1, "--seal-key-file", "k2=" + k2]);
        Assert.True(both.ExitCode == 0, both.Output);
        Assert.Contains("10 records", both.Output, StringComparison.Ordinal);

        var newestOnly = await AuditVerifyCommand.RunAsync([log, "--seal-key-file", k2]);
        Assert.True(newestOnly.ExitCode == 1, newestOnly.Output);

        var missingKid = await AuditVerifyCommand.RunAsync([log, "--seal-key-file", "k2=" + k2]);
        Assert.True(missingKid.ExitCode == 1, missingKid.Output);
        Assert.Contains("UnknownSealKey", missingKid.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(RotatedKey), missingKid.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SqliteStore_Verifies_AndTamperingIsDetected()
    {
        using var temp = new TempDirectory();
        var database = Path.Combine(temp.Path, "audit.db");
        var connection = $"Data Source={database};Pooling=False";
        await SqliteAuditStoreTests.WriteAsync(connection, Key, 1, 10);
        var keyFile = WriteKeyFile(Path.Combine(temp.Path, "keys"), Key);

        var intact = await AuditVerifyCommand.RunAsync(["--sqlite", database, "--seal-key-file", keyFile]);
        Assert.True(intact.ExitCode == 0, intact.Output);
        Assert.Contains("10 records", intact.Output, StringComparison.Ordinal);

        SqliteAuditStoreTests.Execute(connection, "DROP TRIGGER audit_records_no_update; UPDATE audit_records SET content = CAST(REPLACE(CAST(content AS TEXT), 'user-3', 'user-8') AS BLOB) WHERE seq = 4");
        var edited = await AuditVerifyCommand.RunAsync(["--sqlite", database, "--seal-key-file", keyFile]);
        Assert.True(edited.ExitCode == 1, edited.Output);
        Assert.Contains("EditedRecord", edited.Output, StringComparison.Ordinal);

        var missing = await AuditVerifyCommand.RunAsync(["--sqlite", Path.Combine(temp.Path, "missing.db"), "--seal-key-file", keyFile]);
        Assert.True(missing.ExitCode == 1, missing.Output);
        Assert.False(File.Exists(Path.Combine(temp.Path, "missing.db")), "verifying must not create a database");
    }

    [Fact]
    public async Task SqliteStore_MalformedCheckpointRow_IsInvalid_NotACrash()
    {
        using var temp = new TempDirectory();
        var database = Path.Combine(temp.Path, "audit.db");
        var connection = $"Data Source={database};Pooling=False";
        await SqliteAuditStoreTests.WriteAsync(connection, Key, 1, 3);
        SqliteAuditStoreTests.Execute(connection, "INSERT INTO audit_checkpoints (stream, seq, hash, created_at, seal_kid, seal) VALUES ('s', 'three', x'00', 'yesterday', 'k1', 'not a blob')");
        var keyFile = WriteKeyFile(Path.Combine(temp.Path, "keys"), Key);

        var result = await AuditVerifyCommand.RunAsync(["--sqlite", database, "--seal-key-file", keyFile]);
        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("CheckpointMismatch", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AsymmetricSeals_VerifyWithThePublicKey_AndForgeriesFail()
    {
        using var temp = new TempDirectory();
        var log = Directory.CreateDirectory(Path.Combine(temp.Path, "log")).FullName;
        using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using (var sealer = new Compliance.Runtime.Auditing.Chain.EcdsaAuditSealer("ec1", signingKey.ExportPkcs8PrivateKeyPem()))
        await using (var harness = await AuditHarness.StartAsync(log, sealer: sealer))
        {
            for (var i = 0; i < 5; i++)
            {
                await harness.Writer.WriteAsync(AuditHarness.Event(i));
            }
        }

        var publicKey = Path.Combine(temp.Path, "ec1.pub.pem");
        await File.WriteAllTextAsync(publicKey, signingKey.ExportSubjectPublicKeyInfoPem());
        var valid = await AuditVerifyCommand.RunAsync([log, "--seal-public-key", "ec1=" + publicKey]);
        Assert.True(valid.ExitCode == 0, valid.Output);

        var file = AuditFiles.LogFiles(log)[0];
        var lines = AuditFiles.ReadLines(file);
        Forge(lines, 3, RandomNumberGenerator.GetBytes(32));
        AuditFiles.WriteLines(file, lines.Select(static l => l.Replace("\"seal_kid\":\"k1\"", "\"seal_kid\":\"ec1\"", StringComparison.Ordinal)));
        var forged = await AuditVerifyCommand.RunAsync([log, "--seal-public-key", "ec1=" + publicKey]);
        Assert.True(forged.ExitCode == 1, forged.Output);
        Assert.Contains("InvalidSeal", forged.Output, StringComparison.Ordinal);
    }

    internal static async Task WriteAsync(string directory, byte[] key, string keyId, int count, int checkpointEvery = 1_000)
    {
        await using var harness = await AuditHarness.StartAsync(directory, key, o =>
        {
            o.SealKeyId = keyId;
            o.CheckpointEveryRecords = checkpointEvery;
            o.MaxBatchSize = 1;
        });
        for (var i = 0; i < count; i++)
        {
            await harness.Writer.WriteAsync(AuditHarness.Event(i));
        }
    }

    internal static string WriteKeyFile(string directory, byte[] key)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "seal-" + Guid.NewGuid().ToString("N") + ".key");
        File.WriteAllText(path, Convert.ToBase64String(key));
        return path;
    }

    internal static string Half(string line) => line[..(line.Length / 2)];

    /// <summary>A genuine-looking next record line: what a writer would have been writing when it died.</summary>
    internal static string NextRecordLine(string lastLine)
    {
        var sequence = JsonNode.Parse(lastLine)!["record"]!["seq"]!.GetValue<long>();
        return lastLine.Replace($"\"seq\":{sequence},", $"\"seq\":{sequence + 1},", StringComparison.Ordinal);
    }

    /// <summary>Appends a record continuing the chain correctly, sealed with a guessed key.</summary>
    internal static string ForgeNext(string lastLine, byte[] wrongKey)
    {
        var previous = Convert.FromHexString(JsonNode.Parse(lastLine)!["hash"]!.GetValue<string>());
        var content = Content(NextRecordLine(lastLine)).Replace("\"success\"", "\"denied\"", StringComparison.Ordinal);
        return Line(content, previous, wrongKey);
    }

    /// <summary>Edits a record and recomputes the chain from there with the public formulas, sealing with a guessed key.</summary>
    internal static void Forge(List<string> lines, int fromIndex, byte[] wrongKey)
    {
        var previous = Convert.FromHexString(JsonNode.Parse(lines[fromIndex - 1])!["hash"]!.GetValue<string>());
        for (var i = fromIndex; i < lines.Count; i++)
        {
            var content = Content(lines[i]);
            if (i == fromIndex)
            {
                content = content.Replace("\"success\"", "\"denied\"", StringComparison.Ordinal);
            }

            lines[i] = Line(content, previous, wrongKey);
            previous = Convert.FromHexString(JsonNode.Parse(lines[i])!["hash"]!.GetValue<string>());
        }
    }

    private static string Content(string line) => line["{\"record\":".Length..line.IndexOf(",\"hash\":", StringComparison.Ordinal)];

    private static string Line(string content, byte[] previous, byte[] key)
    {
        var leaf = SHA256.HashData([0x00, .. Encoding.UTF8.GetBytes(content)]);
        var hash = SHA256.HashData([0x01, .. previous, .. leaf]);
        var seal = HMACSHA256.HashData(key, hash);
        return $"{{\"record\":{content},\"hash\":\"{Convert.ToHexStringLower(hash)}\",\"seal_kid\":\"k1\",\"seal\":\"{Convert.ToHexStringLower(seal)}\"}}";
    }
}
