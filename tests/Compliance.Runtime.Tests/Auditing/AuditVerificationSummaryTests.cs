using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Tests.Infrastructure;

namespace Compliance.Runtime.Tests.Auditing;

/// <summary>
/// The signed verification summary an auditor files: it verifies with the key set that verifies the
/// trail, and any change to it (a value of the summary, the algorithm, the key id, the signature)
/// makes it fail, for HMAC and ECDSA keys; the verify command writes it for a real log.
/// </summary>
public sealed class AuditVerificationSummaryTests
{
    private static readonly byte[] Key = Enumerable.Repeat((byte)7, 32).ToArray();
    private static readonly DateTimeOffset VerifiedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Every field of the summary and of the signature, with a changed value of the same type.</summary>
    public static TheoryData<string, string> Fields() => new()
    {
        { "summary", "verifiedAt" },
        { "summary", "source" },
        { "summary", "firstSequence" },
        { "summary", "lastSequence" },
        { "summary", "recordCount" },
        { "summary", "firstHash" },
        { "summary", "lastHash" },
        { "summary", "sealKeyIds" },
        { "summary", "sealsChecked" },
        { "summary", "anchor" },
        { "summary", "result" },
        { "summary", "issues" },
        { "summary", "schemaVersion" },
        { "signature", "algorithm" },
        { "signature", "keyId" },
        { "signature", "value" },
    };

    [Fact]
    public async Task HmacSignedSummary_Verifies_WithTheSealKey_AndNotWithAnother()
    {
        var summary = await SummaryOfARealLogAsync();
        var document = summary.SignWithHmac("k1", Key);

        using var keys = new AuditSealKeySet().AddHmacKey("k1", Key);
        var verified = AuditVerificationSummary.Verify(document, keys);
        Assert.NotNull(verified);
        Assert.Equal(summary.CanonicalBytes(), verified.CanonicalBytes());
        Assert.Equal("VALID", verified.Result);
        Assert.Equal(5, verified.RecordCount);

        using var other = new AuditSealKeySet().AddHmacKey("k1", Enumerable.Repeat((byte)8, 32).ToArray());
        Assert.Null(AuditVerificationSummary.Verify(document, other));
        using var unknownId = new AuditSealKeySet().AddHmacKey("k2", Key);
        Assert.Null(AuditVerificationSummary.Verify(document, unknownId));
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task AnyModifiedField_FailsVerification_Hmac(string part, string field)
    {
        var document = (await SummaryOfARealLogAsync()).SignWithHmac("k1", Key);

        // The single-key set accepts any key id: the key id must still be bound by the signature.
        using var keys = AuditSealKeySet.ForAnyKeyId(Key);
        Assert.NotNull(AuditVerificationSummary.Verify(document, keys));
        Assert.Null(AuditVerificationSummary.Verify(Modify(document, part, field), keys));
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task AnyModifiedField_FailsVerification_Ecdsa(string part, string field)
    {
        using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var document = (await SummaryOfARealLogAsync()).SignWithEcdsa("ec1", signingKey.ExportPkcs8PrivateKeyPem());
        Assert.Contains(AuditVerificationSummary.EcdsaAlgorithm, document, StringComparison.Ordinal);

        // The verifier holds only the public key.
        using var keys = new AuditSealKeySet().AddPublicKeyPem("ec1", signingKey.ExportSubjectPublicKeyInfoPem());
        Assert.NotNull(AuditVerificationSummary.Verify(document, keys));
        Assert.Null(AuditVerificationSummary.Verify(Modify(document, part, field), keys));
    }

    [Fact]
    public async Task AReformattedDocument_StillVerifies_ButAnAddedField_DoesNot()
    {
        var document = (await SummaryOfARealLogAsync()).SignWithHmac("k1", Key);
        using var keys = new AuditSealKeySet().AddHmacKey("k1", Key);

        // Whitespace and property order do not matter; values do.
        var node = JsonNode.Parse(document)!.AsObject();
        var reordered = new JsonObject { ["signature"] = node["signature"]!.DeepClone(), ["summary"] = node["summary"]!.DeepClone() };
        Assert.NotNull(AuditVerificationSummary.Verify(reordered.ToJsonString(), keys));

        node["summary"]!["note"] = "verified by someone else";
        Assert.Null(AuditVerificationSummary.Verify(node.ToJsonString(), keys));
    }

    [Fact]
    public async Task VerifyCommand_WritesASignedSummary_OfARealLog_ValidAndTampered()
    {
        using var temp = new TempDirectory();
        var log = Path.Combine(temp.Path, "log");
        await AuditVerifyCommandMatrixTests.WriteAsync(log, Key, "k1", 10);
        var keyFile = AuditVerifyCommandMatrixTests.WriteKeyFile(Path.Combine(temp.Path, "keys"), Key);
        var file = AuditFiles.LogFiles(log)[0];
        var lines = AuditFiles.ReadLines(file);
        using var keys = new AuditSealKeySet().AddHmacKey("k1", Key);

        var summaryFile = Path.Combine(temp.Path, "summary.json");
        var valid = await AuditVerifyCommand.RunAsync([log, "--seal-key-file", "k1=" + keyFile, "--summary", summaryFile]);
        Assert.True(valid.ExitCode == 0, valid.Output);
        Assert.Contains("Wrote the signed verification summary", valid.Output, StringComparison.Ordinal);
        var summary = AuditVerificationSummary.Verify(await File.ReadAllTextAsync(summaryFile), keys);
        Assert.NotNull(summary);
        Assert.Equal("VALID", summary.Result);
        Assert.Equal(log, summary.Source);
        Assert.Equal((1L, 10L, 10L), (summary.FirstSequence, summary.LastSequence, summary.RecordCount));
        Assert.Equal(JsonNode.Parse(lines[0])!["hash"]!.GetValue<string>(), summary.FirstHash, ignoreCase: true);
        Assert.Equal(JsonNode.Parse(lines[^1])!["hash"]!.GetValue<string>(), summary.LastHash, ignoreCase: true);
        Assert.Equal(new[] { "k1" }, summary.SealKeyIds);
        Assert.True(summary.SealsChecked);
        Assert.Empty(summary.Issues);

        // An edited record: the command fails, and the signed summary says so and why.
        lines[4] = lines[4].Replace("user-4", "user-9", StringComparison.Ordinal);
        AuditFiles.WriteLines(file, lines);
        var tamperedFile = Path.Combine(temp.Path, "tampered.json");
        var tampered = await AuditVerifyCommand.RunAsync([log, "--seal-key-file", "k1=" + keyFile, "--summary", tamperedFile]);
        Assert.True(tampered.ExitCode == 1, tampered.Output);
        var invalid = AuditVerificationSummary.Verify(await File.ReadAllTextAsync(tamperedFile), keys);
        Assert.NotNull(invalid);
        Assert.Equal("INVALID", invalid.Result);
        Assert.NotEmpty(invalid.Issues);

        // A summary needs a key to be signed with: asking for one without any is a usage error.
        var unsigned = await AuditVerifyCommand.RunAsync([log, "--skip-seals", "--summary", Path.Combine(temp.Path, "unsigned.json")]);
        Assert.True(unsigned.ExitCode == 2, unsigned.Output);
        Assert.False(File.Exists(Path.Combine(temp.Path, "unsigned.json")));
    }

    [Fact]
    public async Task VerifyCommand_SignsTheSummary_WithTheEcdsaKey_WhoseOwnPublicHalfVerifiesTheSeals()
    {
        using var temp = new TempDirectory();
        var log = Directory.CreateDirectory(Path.Combine(temp.Path, "log")).FullName;
        using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using (var sealer = new Compliance.Runtime.Auditing.Chain.EcdsaAuditSealer("ec1", signingKey.ExportPkcs8PrivateKeyPem()))
        await using (var harness = await AuditHarness.StartAsync(log, sealer: sealer))
        {
            for (var i = 0; i < 3; i++)
            {
                await harness.Writer.WriteAsync(AuditHarness.Event(i));
            }
        }

        var publicKey = Path.Combine(temp.Path, "ec1.pub.pem");
        await File.WriteAllTextAsync(publicKey, signingKey.ExportSubjectPublicKeyInfoPem());
        var privateKey = Path.Combine(temp.Path, "ec1.pem");
        await File.WriteAllTextAsync(privateKey, signingKey.ExportPkcs8PrivateKeyPem());
        var summaryFile = Path.Combine(temp.Path, "summary.json");

        var result = await AuditVerifyCommand.RunAsync([log, "--seal-public-key", "ec1=" + publicKey, "--summary", summaryFile, "--summary-signing-key", "ec1=" + privateKey]);
        Assert.True(result.ExitCode == 0, result.Output);

        var document = await File.ReadAllTextAsync(summaryFile);
        Assert.DoesNotContain("PRIVATE KEY", document, StringComparison.Ordinal);
        using var keys = new AuditSealKeySet().AddPublicKeyPem("ec1", await File.ReadAllTextAsync(publicKey));
        var summary = AuditVerificationSummary.Verify(document, keys);
        Assert.NotNull(summary);
        Assert.Equal(("VALID", 3L), (summary.Result, summary.RecordCount));
        Assert.Equal(new[] { "ec1" }, summary.SealKeyIds);
    }

    /// <summary>The summary of a real five-record log, verified by the real verifier.</summary>
    private static async Task<AuditVerificationSummary> SummaryOfARealLogAsync()
    {
        using var temp = new TempDirectory();
        var harness = await AuditHarness.StartAsync(temp.Path, key: Key, configure: o => o.SealKeyId = "k1");
        await using (harness)
        {
            for (var i = 0; i < 5; i++)
            {
                await harness.Writer.WriteAsync(AuditHarness.Event(i));
            }
        }

        var report = await harness.VerifyAsync();

        Assert.True(report.IsValid);
        return AuditVerificationSummary.From(report, temp.Path, sealsChecked: true, anchor: null, VerifiedAt);
    }

    /// <summary>The document with one field changed to another value of the same JSON type.</summary>
    private static string Modify(string document, string part, string field)
    {
        var root = JsonNode.Parse(document)!.AsObject();
        var container = root[part]!.AsObject();
        var value = container[field];
        container[field] = value switch
        {
            null => "0:" + new string('a', 64),
            JsonArray array => Changed(array),
            JsonValue v when v.TryGetValue<bool>(out var flag) => !flag,
            JsonValue v when v.TryGetValue<long>(out var number) => number + 1,
            JsonValue v when field == "verifiedAt" => v.GetValue<DateTimeOffset>().AddSeconds(1),
            JsonValue v when field == "value" => Convert.ToBase64String(Flip(Convert.FromBase64String(v.GetValue<string>()))),
            JsonValue v when field == "algorithm" => v.GetValue<string>() == AuditVerificationSummary.HmacAlgorithm ? AuditVerificationSummary.EcdsaAlgorithm : AuditVerificationSummary.HmacAlgorithm,
            JsonValue v when field is "firstHash" or "lastHash" => new string(v.GetValue<string>().Reverse().ToArray()),
            JsonValue v when field == "result" => v.GetValue<string>() == "VALID" ? "INVALID" : "VALID",
            JsonValue v => v.GetValue<string>() + "x",
            _ => throw new InvalidOperationException(field),
        };
        return root.ToJsonString();

        static JsonArray Changed(JsonArray array)
        {
            var changed = new JsonArray(array.Select(static item => item?.DeepClone()).ToArray());
            changed.Add("added");
            return changed;
        }

        static byte[] Flip(byte[] bytes)
        {
            bytes[0] ^= 1;
            return bytes;
        }
    }
}
