using Compliance.Runtime.Auditing;

/// <summary>
/// <c>--summary &lt;file&gt;</c>: writes a signed summary of the verification for an auditor's file
/// (<see cref="AuditVerificationSummary"/>). It is signed with the HMAC seal key the verification
/// used, or with <c>--summary-signing-key &lt;kid&gt;=&lt;private key PEM&gt;</c> (the ECDSA key whose public
/// half verifies the seals). Whether a key is there to sign with is checked with the command line
/// (<see cref="VerifierCommand"/>).
/// </summary>
internal sealed class VerificationSummaryOutput
{
    public string? File { get; set; }

    public (string KeyId, string Path)? SigningKey { get; set; }

    /// <summary>Writes the signed summary, when asked for.</summary>
    public void Write(AuditVerificationReport report, string source, bool sealsChecked, AuditAnchor? anchor, string? singleKeyFile, IReadOnlyList<(string KeyId, string Path)> keyFiles)
    {
        if (File is null)
        {
            return;
        }

        var summary = AuditVerificationSummary.From(report, source, sealsChecked, anchor, DateTimeOffset.UtcNow);
        string document;
        if (SigningKey is { } signing)
        {
            document = summary.SignWithEcdsa(signing.KeyId, System.IO.File.ReadAllText(signing.Path));
        }
        else if (keyFiles.Count > 0)
        {
            document = summary.SignWithHmac(keyFiles[0].KeyId, SealKeyFile.Read(keyFiles[0].Path));
        }
        else
        {
            // The single key verifies whatever key id a record names; the summary says which key that was.
            var key = singleKeyFile is not null ? SealKeyFile.Read(singleKeyFile) : SealKeyFile.Decode(Environment.GetEnvironmentVariable(VerifierCommand.EnvironmentKey)!);
            document = summary.SignWithHmac(report.SealKeyIds.Count == 1 ? report.SealKeyIds[0] : "seal-key", key);
        }

        System.IO.File.WriteAllText(File, document);
        Console.WriteLine($"Wrote the signed verification summary to {File}.");
    }
}
