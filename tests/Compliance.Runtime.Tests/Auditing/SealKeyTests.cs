using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Chain;
using Compliance.Runtime.Auditing.Files;
using Compliance.Runtime.Tests.Infrastructure;

namespace Compliance.Runtime.Tests.Auditing;

/// <summary>Key rotation, asymmetric seals and chained checkpoints on real files.</summary>
public sealed class SealKeyTests
{
    [Fact]
    public async Task RotatedHmacKeys_VerifyBySealKid()
    {
        using var temp = new TempDirectory();
        var k1 = RandomNumberGenerator.GetBytes(32);
        var k2 = RandomNumberGenerator.GetBytes(32);
        await AuditVerifyCommandMatrixTests.WriteAsync(temp.Path, k1, "k1", 4);
        await AuditVerifyCommandMatrixTests.WriteAsync(temp.Path, k2, "k2", 4);

        using var keys = new AuditSealKeySet().AddHmacKey("k1", k1).AddHmacKey("k2", k2);
        var report = await new FileAuditVerifier(temp.Path, new AuditVerificationOptions { Keys = keys }).VerifyAsync();
        Assert.True(report.IsValid, FileAuditStoreTests.Describe(report));
        Assert.Equal(8, report.RecordCount);

        // With either key alone, the other key's records fail: before key sets, no key verified the whole log.
        Assert.False((await new FileAuditVerifier(temp.Path, k2).VerifyAsync()).IsValid);
        using var onlyNew = new AuditSealKeySet().AddHmacKey("k2", k2);
        var partial = await new FileAuditVerifier(temp.Path, new AuditVerificationOptions { Keys = onlyNew }).VerifyAsync();
        Assert.Contains(partial.Issues, static i => i.Kind == AuditIssueKind.UnknownSealKey);
        Assert.False(partial.IsValid);
    }

    [Fact]
    public async Task RetiredSealKeyFiles_LetTheRegisteredVerifierCheckALogWrittenBeforeARotation()
    {
        using var temp = new TempDirectory();
        var k1 = RandomNumberGenerator.GetBytes(32);
        var k2 = RandomNumberGenerator.GetBytes(32);
        await AuditVerifyCommandMatrixTests.WriteAsync(temp.Path, k1, "k1", 4);
        await AuditVerifyCommandMatrixTests.WriteAsync(temp.Path, k2, "k2", 4);
        var retired = Path.Combine(temp.Path, "..", Path.GetFileName(temp.Path) + "-k1.key");
        await File.WriteAllTextAsync(retired, Convert.ToBase64String(k1));
        try
        {
            using var current = new HmacAuditSealer("k2", k2);
            var options = new AuditOptions { SealKeyId = "k2" };

            // Only the current key: the records sealed before the rotation cannot be checked.
            using var currentOnly = SealKeys.VerificationKeys(current, options, temp.Path);
            var before = await new FileAuditVerifier(temp.Path, new AuditVerificationOptions { Keys = currentOnly }).VerifyAsync();
            Assert.False(before.IsValid);

            options.RetiredSealKeyFiles["k1"] = retired;
            using var withRetired = SealKeys.VerificationKeys(current, options, temp.Path);
            var report = await new FileAuditVerifier(temp.Path, new AuditVerificationOptions { Keys = withRetired }).VerifyAsync();
            Assert.True(report.IsValid, FileAuditStoreTests.Describe(report));
            Assert.Equal(8, report.RecordCount);

            // A retired key is valid for its own key id only: it does not vouch for the new records.
            options.RetiredSealKeyFiles["k1"] = retired;
            using var wrongCurrent = SealKeys.VerificationKeys(new HmacAuditSealer("k2", k1), options, temp.Path);
            Assert.False((await new FileAuditVerifier(temp.Path, new AuditVerificationOptions { Keys = wrongCurrent }).VerifyAsync()).IsValid);
        }
        finally
        {
            File.Delete(retired);
        }
    }

    [Fact]
    public async Task AsymmetricSeals_VerifyWithThePublicKeyOnly_AndAForgedChainFails()
    {
        using var temp = new TempDirectory();
        using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var sealer = new EcdsaAuditSealer("ec1", signingKey.ExportPkcs8PrivateKeyPem());
        await using (var harness = await AuditHarness.StartAsync(temp.Path, sealer: sealer))
        {
            for (var i = 0; i < 6; i++)
            {
                await harness.Writer.WriteAsync(AuditHarness.Event(i));
            }
        }

        var file = AuditFiles.LogFiles(temp.Path)[0];
        var lines = AuditFiles.ReadLines(file);
        Assert.All(lines, static line =>
        {
            var envelope = JsonNode.Parse(line)!;
            Assert.Equal("ec1", envelope["seal_kid"]!.GetValue<string>());
            Assert.Equal(64, Convert.FromHexString(envelope["seal"]!.GetValue<string>()).Length);
        });

        using var publicOnly = new AuditSealKeySet().AddPublicKeyPem("ec1", signingKey.ExportSubjectPublicKeyInfoPem());
        var options = new AuditVerificationOptions { Keys = publicOnly };
        var report = await new FileAuditVerifier(temp.Path, options).VerifyAsync();
        Assert.True(report.IsValid, FileAuditStoreTests.Describe(report));
        Assert.NotNull(report.LatestCheckpoint);

        // Whoever holds only the public key (or any HMAC key) cannot produce a seal that verifies.
        AuditVerifyCommandMatrixTests.Forge(lines, 2, RandomNumberGenerator.GetBytes(32));
        AuditFiles.WriteLines(file, lines.Select(static l => l.Replace("\"seal_kid\":\"k1\"", "\"seal_kid\":\"ec1\"", StringComparison.Ordinal)));
        var forged = await new FileAuditVerifier(temp.Path, options).VerifyAsync();
        Assert.False(forged.IsValid);
        Assert.Equal(AuditIssueKind.InvalidSeal, forged.Issues[0].Kind);
        Assert.Equal(3, forged.Issues[0].Sequence);
    }

    [Fact]
    public async Task Checkpoints_AreChained_AndARemovedMiddleCheckpointIsDetected()
    {
        using var temp = new TempDirectory();
        var key = RandomNumberGenerator.GetBytes(32);
        using (var sealer = new HmacAuditSealer("k1", key))
        {
            // The log starts in the original, unchained format; chained checkpoints continue from it.
            await AuditVerifyCommandMatrixTests.WriteAsync(temp.Path, key, "k1", 2, checkpointEvery: 1);
            await using var harness = await AuditHarness.StartAsync(temp.Path, key, o => { o.CheckpointEveryRecords = 1; o.MaxBatchSize = 1; }, sealer: sealer);
            for (var i = 0; i < 4; i++)
            {
                await harness.Writer.WriteAsync(AuditHarness.Event(i));
            }
        }

        var path = Path.Combine(temp.Path, AuditFileFormat.CheckpointFileName);
        var checkpoints = AuditFiles.ReadLines(path);
        Assert.True(checkpoints.Count >= 5, string.Join('\n', checkpoints));
        Assert.Null(JsonNode.Parse(checkpoints[0])!["prev"]);
        Assert.NotNull(JsonNode.Parse(checkpoints[^1])!["prev"]);
        var intact = await new FileAuditVerifier(temp.Path, key).VerifyAsync();
        Assert.True(intact.IsValid, FileAuditStoreTests.Describe(intact));

        checkpoints.RemoveAt(checkpoints.Count - 2);
        AuditFiles.WriteLines(path, checkpoints);
        var removed = await new FileAuditVerifier(temp.Path, key).VerifyAsync();
        Assert.Equal(AuditIssueKind.CheckpointMismatch, Assert.Single(removed.Issues).Kind);
    }

    [Fact]
    public async Task LibraryAnchor_DetectsARemovedTailWithItsCheckpoint()
    {
        using var temp = new TempDirectory();
        var key = RandomNumberGenerator.GetBytes(32);
        await AuditVerifyCommandMatrixTests.WriteAsync(temp.Path, key, "k1", 10, checkpointEvery: 5);
        var before = await new FileAuditVerifier(temp.Path, key).VerifyAsync();
        Assert.True(before.IsValid, FileAuditStoreTests.Describe(before));
        var anchorFile = Path.Combine(temp.Path, "..", Guid.NewGuid().ToString("N") + ".anchor");
        AuditCheckpointFile.Write(anchorFile, before.LatestCheckpoint!);
        try
        {
            var file = AuditFiles.LogFiles(temp.Path)[0];
            AuditFiles.WriteLines(file, AuditFiles.ReadLines(file).Take(5));
            var checkpoints = Path.Combine(temp.Path, AuditFileFormat.CheckpointFileName);
            AuditFiles.WriteLines(checkpoints, AuditFiles.ReadLines(checkpoints).Take(1));
            Assert.True((await new FileAuditVerifier(temp.Path, key).VerifyAsync()).IsValid);

            var anchored = await new FileAuditVerifier(temp.Path, new AuditVerificationOptions
            {
                Keys = AuditSealKeySet.ForAnyKeyId(key),
                Anchor = AuditCheckpointFile.Read(anchorFile),
            }).VerifyAsync();
            Assert.False(anchored.IsValid);
            Assert.Equal(AuditIssueKind.AnchorMismatch, Assert.Single(anchored.Issues).Kind);

            // A forged anchor is refused by its seal.
            var forgedCheckpoint = before.LatestCheckpoint! with { Sequence = 5 };
            var forged = await new FileAuditVerifier(temp.Path, new AuditVerificationOptions
            {
                Keys = AuditSealKeySet.ForAnyKeyId(key),
                Anchor = new AuditAnchor(forgedCheckpoint),
            }).VerifyAsync();
            Assert.Contains(forged.Issues, static i => i.Kind == AuditIssueKind.AnchorMismatch && i.Location == "anchor");
        }
        finally
        {
            File.Delete(anchorFile);
        }
    }
}
