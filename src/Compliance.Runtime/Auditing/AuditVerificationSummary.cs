using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Compliance.Runtime.Auditing;

/// <summary>
/// Evidence of one verification of an audit trail, for an auditor's file: the range verified, the
/// record count, the first and last chain hashes, the seal key ids, and the result, signed with an
/// audit seal key (HMAC-SHA256, or ECDSA P-256 with the signing key whose public half verifies
/// seals) over its canonical bytes. Written by <c>compliance-audit-verify --summary</c>.
/// </summary>
/// <param name="VerifiedAt">When the verification ran (UTC).</param>
/// <param name="Source">What was verified: the audit directory or SQLite database as given.</param>
/// <param name="FirstSequence">The lowest sequence number read.</param>
/// <param name="LastSequence">The highest sequence number read.</param>
/// <param name="RecordCount">How many records were read.</param>
/// <param name="FirstHash">The chain hash at <paramref name="FirstSequence"/> (hex).</param>
/// <param name="LastHash">The chain hash at <paramref name="LastSequence"/> (hex).</param>
/// <param name="SealKeyIds">The seal key ids the records name.</param>
/// <param name="SealsChecked">Whether the seals were checked (false with --skip-seals).</param>
/// <param name="Anchor">The anchor the trail was checked against (<c>seq:hash</c>), or null.</param>
/// <param name="Result"><c>VALID</c> or <c>INVALID</c>.</param>
/// <param name="Issues">What the verifier found, one line each.</param>
public sealed record AuditVerificationSummary(
    DateTimeOffset VerifiedAt,
    string Source,
    long FirstSequence,
    long LastSequence,
    long RecordCount,
    string? FirstHash,
    string? LastHash,
    IReadOnlyList<string> SealKeyIds,
    bool SealsChecked,
    string? Anchor,
    string Result,
    IReadOnlyList<string> Issues)
{
    /// <summary>The summary format's version.</summary>
    public string SchemaVersion { get; init; } = "1.0";

    private static readonly JsonSerializerOptions Canonical = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>The summary of a verification report.</summary>
    public static AuditVerificationSummary From(AuditVerificationReport report, string source, bool sealsChecked, AuditAnchor? anchor, DateTimeOffset verifiedAt)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new AuditVerificationSummary(
            verifiedAt.ToUniversalTime(),
            source,
            report.FirstSequence,
            report.LastSequence,
            report.RecordCount,
            report.FirstHash is null ? null : Convert.ToHexStringLower(report.FirstHash),
            report.LastHash is null ? null : Convert.ToHexStringLower(report.LastHash),
            report.SealKeyIds,
            sealsChecked,
            anchor is null ? null : anchor.Sequence + ":" + Convert.ToHexStringLower(anchor.Hash),
            report.IsValid ? "VALID" : "INVALID",
            report.Issues.Select(static i => $"{i.Kind} at {i.Location}{(i.Sequence is { } seq ? $" (seq {seq})" : "")}: {i.Message}").ToArray());
    }

    /// <summary>The bytes the signature covers: the summary as compact JSON, properties in declaration order.</summary>
    public byte[] CanonicalBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Canonical);

    /// <summary>The signed document, <c>{ "summary": …, "signature": { "algorithm", "keyId", "value" } }</c>, signed with an HMAC seal key.</summary>
    public string SignWithHmac(string keyId, byte[] key)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentNullException.ThrowIfNull(key);
        return Document("HMAC-SHA256", keyId, HMACSHA256.HashData(key, CanonicalBytes()));
    }

    /// <summary>The signed document, signed with the ECDSA P-256 private key (PEM) whose public key verifies the trail's seals.</summary>
    public string SignWithEcdsa(string keyId, string privateKeyPem)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentException.ThrowIfNullOrEmpty(privateKeyPem);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(privateKeyPem);
        return Document("ECDSA-P256-SHA256", keyId, ecdsa.SignData(CanonicalBytes(), HashAlgorithmName.SHA256));
    }

    /// <summary>
    /// Reads a signed summary and checks its signature with <paramref name="keys"/> (the same key
    /// set that verifies the trail's seals). Returns the summary, or null when the signature does
    /// not match (the summary was changed, or signed with another key) or the key id is unknown.
    /// </summary>
    public static AuditVerificationSummary? Verify(string signedDocument, AuditSealKeySet keys)
    {
        ArgumentNullException.ThrowIfNull(signedDocument);
        ArgumentNullException.ThrowIfNull(keys);
        var root = JsonNode.Parse(signedDocument) as JsonObject ?? throw new FormatException("The summary is not a JSON object.");
        var summary = root["summary"]?.Deserialize<AuditVerificationSummary>(Canonical) ?? throw new FormatException("The document has no summary.");
        var signature = root["signature"] as JsonObject ?? throw new FormatException("The document has no signature.");
        var keyId = (string?)signature["keyId"];
        var value = Convert.FromBase64String((string?)signature["value"] ?? "");

        // Re-serializing makes the check independent of whitespace and property order in the file,
        // while any changed value changes the bytes.
        var canonical = summary.CanonicalBytes();
        if (!JsonNode.DeepEquals(JsonNode.Parse(canonical), root["summary"]))
        {
            return null;
        }

        return keys.Verify(keyId, canonical, value, out var known) && known ? summary : null;
    }

    private string Document(string algorithm, string keyId, byte[] signature)
    {
        var document = new JsonObject
        {
            ["summary"] = JsonNode.Parse(CanonicalBytes()),
            ["signature"] = new JsonObject
            {
                ["algorithm"] = algorithm,
                ["keyId"] = keyId,
                ["value"] = Convert.ToBase64String(signature),
            },
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
