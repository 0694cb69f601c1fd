using Compliance.Runtime.Auditing;
using Compliance.Runtime.PostgreSql;
using Compliance.Runtime.Tests.Auditing;
using Npgsql;

namespace Compliance.Runtime.ScaleOut.Tests.PostgreSql;

/// <summary>
/// Every tamper kind the file store's verifier detects (the torn and cut lines of a file aside:
/// a row is written whole or not at all), done by a superuser who switches the triggers off and
/// drops the constraints first, is reported by the library verifier and by <c>compliance-audit-verify --postgres</c>.
/// </summary>
public sealed class PostgresTamperTests
{
    private const int Records = 60;

    // What an intruder with the superuser does first: triggers (the append-only ones and the foreign
    // keys) off for the session, and the constraints that recompute the chain dropped.
    private const string Bypass = """
        SET session_replication_role = replica;
        ALTER TABLE compliance.audit_records DROP CONSTRAINT audit_records_hash, DROP CONSTRAINT audit_records_content_seq,
            DROP CONSTRAINT audit_records_seq, DROP CONSTRAINT audit_records_genesis;

        """;

    private const string EditSql = "UPDATE compliance.audit_records SET content = convert_to(replace(convert_from(content, 'UTF8'), 'Patient', 'Patienz'), 'UTF8') WHERE seq = 20;";

    public static TheoryData<string, string, AuditIssueKind> Tampering => new()
    {
        { "edit a record", EditSql, AuditIssueKind.EditedRecord },
        { "delete a record", "DELETE FROM compliance.audit_records WHERE seq = 20;", AuditIssueKind.MissingRecord },
        {
            "reorder two records",
            """
            UPDATE compliance.audit_records r SET content = o.content, hash = o.hash, seal = o.seal
            FROM (SELECT seq, content, hash, seal FROM compliance.audit_records WHERE seq IN (20, 21)) o
            WHERE r.seq IN (20, 21) AND o.seq = 41 - r.seq;
            """,
            AuditIssueKind.ReorderedRecord
        },
        { "replay a record", "INSERT INTO compliance.audit_records SELECT chain, 61, stream, content, hash, 60, prev_hash, seal_kid, seal FROM compliance.audit_records WHERE seq = 10;", AuditIssueKind.DuplicateRecord },
        {
            "edit and recompute the chain without the seal key (forged hashes)",
            EditSql + """
            DO $$ DECLARE r record; prev bytea; BEGIN
                SELECT hash INTO prev FROM compliance.audit_records WHERE seq = 19;
                FOR r IN SELECT seq, content FROM compliance.audit_records WHERE seq >= 20 ORDER BY seq LOOP
                    prev := compliance.audit_chain_hash(prev, r.content);
                    UPDATE compliance.audit_records SET hash = prev WHERE seq = r.seq;
                END LOOP; END $$;
            """,
            AuditIssueKind.InvalidSeal
        },
        { "truncate the tail", "DELETE FROM compliance.audit_records WHERE seq > 50;", AuditIssueKind.TruncatedTail },
        { "alter a checkpoint", "UPDATE compliance.audit_checkpoints SET hash = sha256(hash);", AuditIssueKind.CheckpointMismatch },
        { "overwrite a record with garbage", "UPDATE compliance.audit_records SET content = convert_to('not a record', 'UTF8') WHERE seq = 20;", AuditIssueKind.MalformedRecord },
        { "splice in another stream's record", "UPDATE compliance.audit_records SET content = convert_to(replace(convert_from(content, 'UTF8'), '\"stream\":\"' || stream || '\"', '\"stream\":\"intruder\"'), 'UTF8') WHERE seq = 20;", AuditIssueKind.StreamMismatch },
        { "empty the trail", "DELETE FROM compliance.audit_checkpoints; DELETE FROM compliance.audit_records;", AuditIssueKind.EmptyLog },
        { "drop the table", "DROP TABLE compliance.audit_checkpoints; DROP TABLE compliance.audit_records;", AuditIssueKind.EmptyLog },
        { "name a seal key that was never given", "UPDATE compliance.audit_records SET seal_kid = 'k9' WHERE seq = 20;", AuditIssueKind.UnknownSealKey },
    };

    [PostgresFact]
    public async Task AnUntouchedChain_Verifies_InTheLibraryAndTheCommand()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = await WriteTrailAsync(database);

        var report = await Verifier(database, settings).VerifyAsync();
        Assert.True(report.IsValid, string.Join("\n", report.Issues));
        Assert.Equal(Records, report.RecordCount);

        var (exitCode, output) = await AuditVerifyCommand.RunAsync(["--postgres", database.ApplicationConnectionString], settings.SealKey);
        Assert.True(exitCode == 0, output);
        Assert.Contains("VALID", output, StringComparison.Ordinal);
    }

    [PostgresTheory]
    [MemberData(nameof(Tampering))]
    public async Task Tampering_IsDetected_ByTheLibraryVerifier_AndTheCommand(string what, string sql, AuditIssueKind expected)
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = await WriteTrailAsync(database);
        await database.ExecuteAsAdminAsync(Bypass + sql);

        var report = await Verifier(database, settings).VerifyAsync();
        Assert.False(report.IsValid, what);
        Assert.Contains(report.Issues, issue => issue.Kind == expected);

        var (exitCode, output) = await AuditVerifyCommand.RunAsync(["--postgres", database.ApplicationConnectionString, "--seal-key-file", "k1=" + settings.KeyFile], null);
        File.Delete(settings.KeyFile);
        Assert.True(exitCode == 1, $"{what}: {output}");
        Assert.Contains(expected.ToString(), output, StringComparison.Ordinal);
        Assert.DoesNotContain("Patien", output, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task CuttingTheTailWithItsCheckpoints_IsDetected_AgainstAnAnchor()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = await WriteTrailAsync(database);
        var anchor = await database.ScalarAsAdminAsync<string>($"SELECT seq || ':' || encode(hash, 'hex') FROM compliance.audit_records WHERE seq = {Records}");
        Assert.True(AuditAnchor.TryParse(anchor, out var parsed));
        await database.ExecuteAsAdminAsync(Bypass + "DELETE FROM compliance.audit_checkpoints; DELETE FROM compliance.audit_records WHERE seq > 50;");

        var report = await new PostgreSqlAuditVerifier(database.ApplicationConnectionString, new AuditVerificationOptions { Keys = settings.Keys, Anchor = parsed }).VerifyAsync();
        Assert.Contains(report.Issues, issue => issue.Kind == AuditIssueKind.AnchorMismatch);

        var (exitCode, output) = await AuditVerifyCommand.RunAsync(["--postgres", database.ApplicationConnectionString, "--expect-at-least", anchor], settings.SealKey);
        Assert.True(exitCode == 1, output);
        Assert.Contains(nameof(AuditIssueKind.AnchorMismatch), output, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task TheCommand_WritesASignedSummary_NamingThePostgreSqlSource_NeverThePassword()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = await WriteTrailAsync(database);

        // The test server trusts local connections: the password is never checked, only kept out of the summary.
        const string Password = "s3cret-Pa55";
        var given = new NpgsqlConnectionStringBuilder(database.ApplicationConnectionString) { Password = Password };
        var source = $"postgresql: Host={given.Host};Port={given.Port};Database={database.Name};Schema=compliance";
        var folder = Directory.CreateTempSubdirectory("cr-summary-").FullName;
        try
        {
            var validFile = Path.Combine(folder, "valid.json");
            var (exitCode, output) = await AuditVerifyCommand.RunAsync(["--postgres", given.ConnectionString, "--seal-key-file", "k1=" + settings.KeyFile, "--summary", validFile], null);
            Assert.True(exitCode == 0, output);
            var valid = await ReadSignedSummaryAsync(validFile, settings, Password, database.ApplicationRole);
            Assert.Equal(source + ";Chain=default", valid.Source);
            Assert.Equal(("VALID", (long)Records, true), (valid.Result, valid.RecordCount, valid.SealsChecked));

            // A chain that holds nothing: the summary names it (quoted, a ';' in it), and says INVALID with exit 1.
            var otherFile = Path.Combine(folder, "other.json");
            (exitCode, output) = await AuditVerifyCommand.RunAsync(["--postgres", given.ConnectionString, "--postgres-chain", "ward;7", "--seal-key-file", "k1=" + settings.KeyFile, "--summary", otherFile], null);
            Assert.True(exitCode == 1, output);
            var other = await ReadSignedSummaryAsync(otherFile, settings, Password, database.ApplicationRole);
            Assert.Equal(source + ";Chain=\"ward;7\"", other.Source);
            Assert.Equal("INVALID", other.Result);
            Assert.Contains(other.Issues, issue => issue.StartsWith(nameof(AuditIssueKind.EmptyLog), StringComparison.Ordinal));

            // A tampered trail: exit 1, and the signed summary says so, naming the same source.
            await database.ExecuteAsAdminAsync(Bypass + EditSql);
            var tamperedFile = Path.Combine(folder, "tampered.json");
            (exitCode, output) = await AuditVerifyCommand.RunAsync(["--postgres", given.ConnectionString, "--seal-key-file", "k1=" + settings.KeyFile, "--summary", tamperedFile], null);
            Assert.True(exitCode == 1, output);
            var tampered = await ReadSignedSummaryAsync(tamperedFile, settings, Password, database.ApplicationRole);
            Assert.Equal(source + ";Chain=default", tampered.Source);
            Assert.Equal("INVALID", tampered.Result);
            Assert.Contains(tampered.Issues, issue => issue.StartsWith(nameof(AuditIssueKind.EditedRecord), StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            File.Delete(settings.KeyFile);
        }
    }

    [PostgresFact]
    public async Task TheCommand_NeverEchoesTheConnectionString()
    {
        var (exitCode, output) = await AuditVerifyCommand.RunAsync(["--postgres", "Host=127.0.0.1;Port=1;Username=nobody;Password=s3cret-Pa55;Database=none;Timeout=2"], Convert.ToBase64String(new byte[32]));
        Assert.Equal(1, exitCode);
        Assert.Contains(nameof(AuditIssueKind.EmptyLog), output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-Pa55", output, StringComparison.Ordinal);
    }

    /// <summary>The summary in <paramref name="file"/>, after its signature verified with the trail's seal key; neither the password nor the user is in it.</summary>
    private static async Task<AuditVerificationSummary> ReadSignedSummaryAsync(string file, TrailSettings settings, string password, string user)
    {
        var document = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain(password, document, StringComparison.Ordinal);
        Assert.DoesNotContain(user, document, StringComparison.Ordinal);
        var summary = AuditVerificationSummary.Verify(document, settings.Keys);
        Assert.NotNull(summary);

        // Signed over the source too: another source in the same document no longer verifies.
        var forged = System.Text.Json.Nodes.JsonNode.Parse(document)!;
        forged["summary"]!["source"] = "postgresql: Host=elsewhere";
        Assert.Null(AuditVerificationSummary.Verify(forged.ToJsonString(), settings.Keys));
        return summary;
    }

    private static PostgreSqlAuditVerifier Verifier(TestDatabase database, TrailSettings settings) =>
        new(database.ApplicationConnectionString, new AuditVerificationOptions { Keys = settings.Keys });

    /// <summary>Writes <see cref="Records"/> audited reads through an instance, then stops it (a final checkpoint at the last record).</summary>
    private static async Task<TrailSettings> WriteTrailAsync(TestDatabase database)
    {
        var settings = ScaleOutSettings.For(database.ApplicationConnectionString);
        await using (var app = await ScaleOutApp.StartAsync(settings))
        {
            for (var i = 0; i < Records; i++)
            {
                (await app.Client.GetAsync("/patients/p-" + i)).EnsureSuccessStatusCode();
            }
        }

        var keyFile = Path.Combine(Path.GetTempPath(), "cr-seal-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(keyFile, settings.SealKey);
        return new TrailSettings(settings.SealKey, keyFile, new AuditSealKeySet().AddHmacKey("k1", settings.SealKeyBytes));
    }

    private sealed record TrailSettings(string SealKey, string KeyFile, AuditSealKeySet Keys);
}

/// <summary>A theory that needs the real PostgreSQL server; skipped and failing as <see cref="PostgresFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (!TestServers.IsCi && !TestServers.PostgresIsReachable)
        {
            Skip = $"PostgreSQL is not reachable ({TestServers.PostgresConnectionString}); {TestServers.StartHint}.";
        }
    }
}
