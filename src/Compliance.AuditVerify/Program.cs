using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Files;
using Compliance.Runtime.Auditing.Sqlite;
using Compliance.Runtime.PostgreSql;

// Usage: compliance-audit-verify (<directory> | --sqlite <database> | --postgres <connection>) [key options] [anchor options]
//   --postgres <connection>            an Npgsql connection string (give the password through PGPASSWORD or a pgpass file)
//   --postgres-schema <schema>         the schema of the audit tables (default compliance)
//   --postgres-chain <chain>           the chain to verify (default default)
//   --seal-key-file <path>             one HMAC key, used whatever seal_kid a record names
//   --seal-key-file <kid>=<path>       an HMAC key for one seal_kid (repeat for rotated keys)
//   --seal-public-key <kid>=<pem>      an ECDSA P-256 public key for one seal_kid (repeatable)
//   --skip-seals                       check only the chain (a chain recomputed by an intruder then passes)
//   --expect-at-least <seq>:<hash>     the trail must reach this sequence number with this chain hash
//   --anchor <file>                    the same, from a checkpoint exported earlier (its seal is checked)
//   --export-checkpoint <file>         after a VALID result, write the latest checkpoint there, to keep off the box
//   --summary <file>                   write a signed summary of the verification (VerificationSummaryOutput.cs)
//   --summary-signing-key <kid>=<pem>  sign it with this ECDSA private key instead of the HMAC seal key
// The single HMAC key can also come from COMPLIANCE_AUDIT_SEAL_KEY (base64).
// Exit codes: 0 the log verifies, 1 tampering, damage or an empty log found, 2 usage error or seals not checked.
const int Valid = 0, Invalid = 1, Usage = 2;

string? directory = null, database = null, postgres = null, postgresSchema = null, postgresChain = null, singleKeyFile = null, anchorFile = null, expectAtLeast = null, exportFile = null;
var keyFiles = new List<(string KeyId, string Path)>();
var publicKeys = new List<(string KeyId, string Path)>();
var skipSeals = false;
var summary = new VerificationSummaryOutput();
for (var i = 0; i < args.Length; i++)
{
    var hasValue = i + 1 < args.Length;
    switch (args[i])
    {
        case "--sqlite" when hasValue && database is null:
            database = args[++i];
            break;
        case "--postgres" when hasValue && postgres is null:
            postgres = args[++i];
            break;
        case "--postgres-schema" when hasValue && postgresSchema is null:
            postgresSchema = args[++i];
            break;
        case "--postgres-chain" when hasValue && postgresChain is null:
            postgresChain = args[++i];
            break;
        case "--seal-key-file" when hasValue:
            var keyArgument = args[++i];
            if (SplitKeyId(keyArgument) is { } byId)
            {
                keyFiles.Add(byId);
            }
            else if (singleKeyFile is null)
            {
                singleKeyFile = keyArgument;
            }
            else
            {
                return Fail("Give each of several seal keys with its key id: --seal-key-file <kid>=<path>.");
            }

            break;
        case "--seal-public-key" when hasValue:
            if (SplitKeyId(args[++i]) is not { } publicKey)
            {
                return Fail("Give a public key with its key id: --seal-public-key <kid>=<pem file>.");
            }

            publicKeys.Add(publicKey);
            break;
        case "--skip-seals":
            skipSeals = true;
            break;
        case "--expect-at-least" when hasValue && expectAtLeast is null:
            expectAtLeast = args[++i];
            break;
        case "--anchor" when hasValue && anchorFile is null:
            anchorFile = args[++i];
            break;
        case "--export-checkpoint" when hasValue && exportFile is null:
            exportFile = args[++i];
            break;
        case "--summary" when hasValue && summary.File is null:
            summary.File = args[++i];
            break;
        case "--summary-signing-key" when hasValue && summary.SigningKey is null:
            summary.SigningKey = SplitKeyId(args[++i]) ?? ("", "");
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

var sources = (directory is null ? 0 : 1) + (database is null ? 0 : 1) + (postgres is null ? 0 : 1);
if (sources != 1)
{
    return Fail(sources == 0 ? "No audit log given: pass a directory, --sqlite <database> or --postgres <connection>." : "Pass one of a directory, --sqlite <database> and --postgres <connection>, not several.");
}

if ((postgresSchema is not null || postgresChain is not null) && postgres is null)
{
    return Fail("--postgres-schema and --postgres-chain go with --postgres.");
}

if (postgresSchema is not null && !PostgreSqlComplianceSchema.IsValidSchemaName(postgresSchema))
{
    return Fail("--postgres-schema takes a lower-case SQL identifier (letters, digits, underscores).");
}

if (postgresChain is not null && !PostgreSqlComplianceSchema.IsValidChainName(postgresChain))
{
    return Fail("--postgres-chain takes 1 to 200 characters without control characters.");
}

if (postgres is not null && !IsConnectionString(postgres))
{
    // The argument is not echoed: it may hold a password.
    return Fail("--postgres takes an Npgsql connection string, for example \"Host=db;Database=ehr;Username=auditor\".");
}

if (singleKeyFile is not null && keyFiles.Count + publicKeys.Count > 0)
{
    return Fail("A key without a key id cannot be combined with keys by id: give every key as <kid>=<path>.");
}

if (summary.SigningKey is { KeyId: "" } || summary.Problem(singleKeyFile, keyFiles) is { } summaryProblem && summary.SigningKey is null)
{
    return Fail(summary.SigningKey is { KeyId: "" } ? "Give the summary's signing key with its key id: --summary-signing-key <kid>=<pem file>." : summary.Problem(singleKeyFile, keyFiles)!);
}

if (anchorFile is not null && expectAtLeast is not null)
{
    return Fail("Pass either --anchor or --expect-at-least, not both.");
}

AuditSealKeySet? keys = null;
try
{
    if (singleKeyFile is not null)
    {
        keys = AuditSealKeySet.ForAnyKeyId(SealKeyFile.Read(singleKeyFile));
    }
    else if (keyFiles.Count + publicKeys.Count > 0)
    {
        keys = new AuditSealKeySet();
        foreach (var (keyId, path) in keyFiles)
        {
            keys.AddHmacKey(keyId, SealKeyFile.Read(path));
        }

        foreach (var (keyId, path) in publicKeys)
        {
            keys.AddPublicKeyPem(keyId, File.ReadAllText(path));
        }
    }
    else if (Environment.GetEnvironmentVariable("COMPLIANCE_AUDIT_SEAL_KEY") is { Length: > 0 } encoded)
    {
        keys = AuditSealKeySet.ForAnyKeyId(SealKeyFile.Decode(encoded));
    }
}
catch (Exception ex) when (ex is IOException or FormatException or ArgumentException or InvalidOperationException or UnauthorizedAccessException)
{
    // The messages name files and formats, never key bytes.
    return Fail("A seal key cannot be read: " + ex.Message);
}

if (keys is null && !skipSeals)
{
    return Fail("No seal key: pass --seal-key-file or --seal-public-key, set COMPLIANCE_AUDIT_SEAL_KEY, or --skip-seals to check only the chain (a chain recomputed by an intruder then passes).");
}

AuditAnchor? anchor = null;
if (expectAtLeast is not null && !AuditAnchor.TryParse(expectAtLeast, out anchor))
{
    return Fail("--expect-at-least takes <seq>:<hash>: a sequence number and the 64 hex digits of its chain hash.");
}

if (anchorFile is not null)
{
    try
    {
        anchor = AuditCheckpointFile.Read(anchorFile);
    }
    catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
    {
        return Fail("The anchor cannot be read: " + ex.Message);
    }
}

var options = new AuditVerificationOptions { Keys = keys, Anchor = anchor };
IAuditVerifier verifier = database is not null
    ? new SqliteAuditVerifier(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString(), options)
    : postgres is not null
        ? new PostgreSqlAuditVerifier(postgres, options, postgresSchema ?? PostgreSqlComplianceSchema.DefaultSchema, postgresChain ?? PostgreSqlComplianceSchema.DefaultChain)
        : new FileAuditVerifier(directory!, options);
var report = await verifier.VerifyAsync();
foreach (var issue in report.Issues)
{
    var severity = issue.Kind == AuditIssueKind.TornTail ? "note" : "error";
    Console.WriteLine($"{severity}: {issue.Kind} at {issue.Location}{(issue.Sequence is { } seq ? $" (seq {seq})" : "")}: {issue.Message}");
}

Console.WriteLine($"{report.RecordCount} records, last sequence {report.LastSequence}, seals {(keys is null ? "NOT checked" : "checked")}, anchor {(anchor is null ? "none" : "checked")}: {(report.IsValid ? "VALID" : "INVALID")}");
summary.Write(report, directory ?? database!, keys is not null, anchor, singleKeyFile, keyFiles);
if (!report.IsValid)
{
    return Invalid;
}

if (exportFile is not null)
{
    if (keys is null || report.LatestCheckpoint is null)
    {
        return Fail(keys is null ? "Nothing exported: a checkpoint is exported only after its seal was checked." : "Nothing exported: the log has no checkpoint yet.");
    }

    AuditCheckpointFile.Write(exportFile, report.LatestCheckpoint);
    Console.WriteLine($"Exported the checkpoint at sequence {report.LatestCheckpoint.Sequence}; keep it off this machine and pass it with --anchor next time.");
}

return Valid;

static (string KeyId, string Path)? SplitKeyId(string argument)
{
    // <kid>=<path>: a key id holds no path separators, so a path that merely contains '=' is not split.
    var separator = argument.IndexOf('=', StringComparison.Ordinal);
    return separator > 0 && argument.AsSpan(0, separator).IndexOfAny('/', '\\') < 0 && !File.Exists(argument)
        ? (argument[..separator], argument[(separator + 1)..])
        : null;
}

static bool IsConnectionString(string value)
{
    try
    {
        _ = new Npgsql.NpgsqlConnectionStringBuilder(value);
        return true;
    }
    catch (ArgumentException)
    {
        return false;
    }
}

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    PrintUsage();
    return Usage;
}

static void PrintUsage() =>
    Console.Error.WriteLine("Usage: compliance-audit-verify (<directory> | --sqlite <database> | --postgres <connection> [--postgres-schema <schema>] [--postgres-chain <chain>]) [--seal-key-file [<kid>=]<path>]... [--seal-public-key <kid>=<pem>]... [--skip-seals] [--expect-at-least <seq>:<hash> | --anchor <file>] [--export-checkpoint <file>] [--summary <file> [--summary-signing-key <kid>=<pem>]]  (or set COMPLIANCE_AUDIT_SEAL_KEY)");
