using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Files;
using Compliance.Runtime.Auditing.Sqlite;
using Compliance.Runtime.PostgreSql;

/// <summary>
/// One verification, once the command line is valid: reads the keys and the anchor, verifies the
/// chosen store, prints the issues and the verdict, and writes the summary and the exported
/// checkpoint. Returns an <see cref="ExitCodes"/> value.
/// </summary>
internal static class AuditLogVerification
{
    public static async Task<int> RunAsync(VerifierSettings settings)
    {
        AuditSealKeySet? keys = null;
        try
        {
            keys = ReadKeys(settings);
        }
        catch (Exception ex) when (ex is IOException or FormatException or ArgumentException or InvalidOperationException or UnauthorizedAccessException)
        {
            // The messages name files and formats, never key bytes.
            return Fail("A seal key cannot be read: " + ex.Message);
        }

        AuditAnchor? anchor = null;
        if (settings.ExpectAtLeast is not null)
        {
            AuditAnchor.TryParse(settings.ExpectAtLeast, out anchor);
        }

        if (settings.AnchorFile is not null)
        {
            try
            {
                anchor = AuditCheckpointFile.Read(settings.AnchorFile);
            }
            catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
            {
                return Fail("The anchor cannot be read: " + ex.Message);
            }
        }

        var options = new AuditVerificationOptions { Keys = keys, Anchor = anchor };
        IAuditVerifier verifier = settings.Database is not null
            ? new SqliteAuditVerifier(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = settings.Database, Pooling = false }.ToString(), options)
            : settings.Postgres is not null
                ? new PostgreSqlAuditVerifier(settings.Postgres, options, settings.EffectivePostgresSchema, settings.EffectivePostgresChain)
                : new FileAuditVerifier(settings.Directory!, options);
        var report = await verifier.VerifyAsync().ConfigureAwait(false);
        foreach (var issue in report.Issues)
        {
            var severity = issue.Kind == AuditIssueKind.TornTail ? "note" : "error";
            Console.WriteLine($"{severity}: {issue.Kind} at {issue.Location}{(issue.Sequence is { } seq ? $" (seq {seq})" : "")}: {issue.Message}");
        }

        Console.WriteLine($"{report.RecordCount} records, last sequence {report.LastSequence}, seals {(keys is null ? "NOT checked" : "checked")}, anchor {(anchor is null ? "none" : "checked")}: {(report.IsValid ? "VALID" : "INVALID")}");
        settings.Summary.Write(report, settings.DescribeSource(), keys is not null, anchor, settings.SingleKeyFile, settings.KeyFiles);
        if (!report.IsValid)
        {
            return ExitCodes.Invalid;
        }

        if (settings.ExportFile is not null)
        {
            if (keys is null || report.LatestCheckpoint is null)
            {
                return Fail(keys is null ? "Nothing exported: a checkpoint is exported only after its seal was checked." : "Nothing exported: the log has no checkpoint yet.");
            }

            AuditCheckpointFile.Write(settings.ExportFile, report.LatestCheckpoint);
            Console.WriteLine($"Exported the checkpoint at sequence {report.LatestCheckpoint.Sequence}; keep it off this machine and pass it with --anchor next time.");
        }

        return ExitCodes.Valid;
    }

    /// <summary>The seal keys the settings name, or the environment's single key, or null when seals are skipped.</summary>
    private static AuditSealKeySet? ReadKeys(VerifierSettings settings)
    {
        if (settings.SingleKeyFile is not null)
        {
            return AuditSealKeySet.ForAnyKeyId(SealKeyFile.Read(settings.SingleKeyFile));
        }

        if (settings.KeyFiles.Count + settings.PublicKeys.Count > 0)
        {
            var keys = new AuditSealKeySet();
            foreach (var (keyId, path) in settings.KeyFiles)
            {
                keys.AddHmacKey(keyId, SealKeyFile.Read(path));
            }

            foreach (var (keyId, path) in settings.PublicKeys)
            {
                keys.AddPublicKeyPem(keyId, File.ReadAllText(path));
            }

            return keys;
        }

        return Environment.GetEnvironmentVariable(VerifierCommand.EnvironmentKey) is { Length: > 0 } encoded
            ? AuditSealKeySet.ForAnyKeyId(SealKeyFile.Decode(encoded))
            : null;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return ExitCodes.Usage;
    }
}
