using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Files;

// Usage: compliance-audit-verify <directory> [--seal-key-file <path>] [--skip-seals]
// The seal key can also come from the COMPLIANCE_AUDIT_SEAL_KEY environment variable (base64).
// Exit codes: 0 the log verifies, 1 tampering or damage found, 2 usage error or seals not checked.
const int Valid = 0, Invalid = 1, Usage = 2;

string? directory = null, keyFile = null;
var skipSeals = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seal-key-file" when i + 1 < args.Length:
            keyFile = args[++i];
            break;
        case "--skip-seals":
            skipSeals = true;
            break;
        case "-h" or "--help":
            PrintUsage();
            return Usage;
        default:
            if (directory is not null || args[i].StartsWith('-'))
            {
                PrintUsage();
                return Usage;
            }

            directory = args[i];
            break;
    }
}

if (directory is null || !Directory.Exists(directory))
{
    Console.Error.WriteLine(directory is null ? "No audit directory given." : $"The directory '{directory}' does not exist.");
    PrintUsage();
    return Usage;
}

byte[]? key = null;
try
{
    if (keyFile is not null)
    {
        key = SealKeyFile.Read(keyFile);
    }
    else if (Environment.GetEnvironmentVariable("COMPLIANCE_AUDIT_SEAL_KEY") is { Length: > 0 } encoded)
    {
        key = SealKeyFile.Decode(encoded);
    }
}
catch (Exception ex) when (ex is IOException or FormatException or InvalidOperationException or UnauthorizedAccessException)
{
    Console.Error.WriteLine("The seal key cannot be read: " + ex.Message);
    return Usage;
}

if (key is null && !skipSeals)
{
    Console.Error.WriteLine("No seal key: pass --seal-key-file, set COMPLIANCE_AUDIT_SEAL_KEY, or --skip-seals to check only the chain (a chain recomputed by an intruder then passes).");
    return Usage;
}

var report = await new FileAuditVerifier(directory, key).VerifyAsync();
foreach (var issue in report.Issues)
{
    var severity = issue.Kind == AuditIssueKind.TornTail ? "note" : "error";
    Console.WriteLine($"{severity}: {issue.Kind} at {issue.Location}{(issue.Sequence is { } seq ? $" (seq {seq})" : "")}: {issue.Message}");
}

Console.WriteLine($"{report.RecordCount} records, last sequence {report.LastSequence}, seals {(key is null ? "NOT checked" : "checked")}: {(report.IsValid ? "VALID" : "INVALID")}");
return report.IsValid ? Valid : Invalid;

static void PrintUsage() =>
    Console.Error.WriteLine("Usage: compliance-audit-verify <directory> [--seal-key-file <path>] [--skip-seals]  (or set COMPLIANCE_AUDIT_SEAL_KEY)");
