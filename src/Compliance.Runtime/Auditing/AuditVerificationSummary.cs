using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Compliance.Runtime.Auditing;

/// <summary>
/// Evidence of one verification of an audit trail, for an auditor's file: the range verified, the
/// record count, the first and last chain hashes, the seal key ids, and the result, signed with an
/// audit seal key (HMAC-SHA256, or ECDSA P-256 with the signing key whose public half verifies
/// seals) over its canonical bytes together with the signature's algorithm and key id. Written by
/// <c>compliance-audit-verify --summary</c>.
/// </summary>
/// <param name="VerifiedAt">When the verification ran (UTC).</param>
/// <param name="Source">
/// What was verified: the audit directory or SQLite database as given, or for PostgreSQL
/// <c>postgresql: Host=…;Port=…;Database=…;Schema=…;Chain=…</c> (never the password or the user).
/// </param>
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
    /// <exception cref="ArgumentException"><paramref name="source"/> is null or blank: a summary must say what it verified.</exception>
    public static AuditVerificationSummary From(AuditVerificationReport report, string source, bool sealsChecked, AuditAnchor? anchor, DateTimeOffset verifiedAt)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
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

    /// <summary>The summary's canonical bytes: compact JSON, properties in declaration order.</summary>
    public byte[] CanonicalBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Canonical);

    /// <summary>The algorithm of a summary signed with an HMAC seal key.</summary>
    public const string HmacAlgorithm = "HMAC-SHA256";

    /// <summary>The algorithm of a summary signed with an ECDSA P-256 signing key.</summary>
    public const string EcdsaAlgorithm = "ECDSA-P256-SHA256";

    /// <summary>The signed document, <c>{ "summary": …, "signature": { "algorithm", "keyId", "value" } }</c>, signed with an HMAC seal key.</summary>
    public string SignWithHmac(string keyId, byte[] key)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentNullException.ThrowIfNull(key);
        return Document(HmacAlgorithm, keyId, HMACSHA256.HashData(key, SigningInput(HmacAlgorithm, keyId, CanonicalBytes())));
    }

    /// <summary>The signed document, signed with the ECDSA P-256 private key (PEM) whose public key verifies the trail's seals.</summary>
    public string SignWithEcdsa(string keyId, string privateKeyPem)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentException.ThrowIfNullOrEmpty(privateKeyPem);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(privateKeyPem);
        return Document(EcdsaAlgorithm, keyId, ecdsa.SignData(SigningInput(EcdsaAlgorithm, keyId, CanonicalBytes()), HashAlgorithmName.SHA256));
    }

    /// <summary>
    /// Reads a signed summary and checks its signature with <paramref name="keys"/> (the same key
    /// set that verifies the trail's seals). Returns the summary, or null when the signature does
    /// not match (any value of the summary, the algorithm or the key id was changed, or another key
    /// signed it), the algorithm is not one this class signs with, or the key id is unknown.
    /// </summary>
    public static AuditVerificationSummary? Verify(string signedDocument, AuditSealKeySet keys)
    {
        ArgumentNullException.ThrowIfNull(signedDocument);
        ArgumentNullException.ThrowIfNull(keys);
        var root = JsonNode.Parse(signedDocument) as JsonObject ?? throw new FormatException("The summary is not a JSON object.");
        AuditVerificationSummary summary;
        try
        {
            summary = root["summary"]?.Deserialize<AuditVerificationSummary>(Canonical) ?? throw new FormatException("The document has no summary.");
        }
        catch (JsonException ex)
        {
            throw new FormatException("The document's summary is not a verification summary.", ex);
        }

        var signature = root["signature"] as JsonObject ?? throw new FormatException("The document has no signature.");
        if (signature["algorithm"] is not JsonValue algorithmValue || !algorithmValue.TryGetValue<string>(out var algorithm) || algorithm is not (HmacAlgorithm or EcdsaAlgorithm)
            || signature["keyId"] is not JsonValue keyIdValue || !keyIdValue.TryGetValue<string>(out var keyId) || keyId.Length == 0
            || signature["value"] is not JsonValue signatureValue || !signatureValue.TryGetValue<string>(out var encoded))
        {
            return null;
        }

        var value = new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(encoded, value, out var length))
        {
            return null;
        }

        // Re-serializing makes the check independent of whitespace and property order in the file,
        // while any changed value changes the bytes.
        var canonical = summary.CanonicalBytes();
        if (!JsonNode.DeepEquals(JsonNode.Parse(canonical), root["summary"]))
        {
            return null;
        }

        return keys.Verify(keyId, SigningInput(algorithm, keyId, canonical), value.AsSpan(0, length), out var known) && known ? summary : null;
    }

    /// <summary>
    /// What the signature covers: the algorithm and the key id as well as the summary, so neither
    /// can be changed in the document without breaking the signature.
    /// </summary>
    private static byte[] SigningInput(string algorithm, string keyId, byte[] canonicalSummary)
    {
        var signed = new JsonObject
        {
            ["algorithm"] = algorithm,
            ["keyId"] = keyId,
            ["summary"] = JsonNode.Parse(canonicalSummary),
        };
        return JsonSerializer.SerializeToUtf8Bytes(signed, Canonical);
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
