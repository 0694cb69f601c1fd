using System.Security.Cryptography;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Files;
using Compliance.Runtime.Auditing.Sqlite;
using Compliance.Runtime.Tests.Infrastructure;

namespace Compliance.Runtime.Tests.Auditing;

/// <summary>The verification gaps of the adversarial review, through the library verifiers on real files and SQLite.</summary>
public sealed class AuditVerificationGapTests
{
    [Fact]
    public async Task EmptyDirectory_AndMissingDirectory_AreInvalid()
    {
        using var temp = new TempDirectory();
        var key = RandomNumberGenerator.GetBytes(32);

        var empty = await new FileAuditVerifier(temp.Path, key).VerifyAsync();
        Assert.False(empty.IsValid);
        Assert.Equal(AuditIssueKind.EmptyLog, Assert.Single(empty.Issues).Kind);

        var missing = await new FileAuditVerifier(Path.Combine(temp.Path, "missing"), key).VerifyAsync();
        Assert.False(missing.IsValid);
        Assert.Equal(AuditIssueKind.EmptyLog, Assert.Single(missing.Issues).Kind);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "missing")));
    }

    [Fact]
    public async Task PartialLineThatIsNotTheNextRecord_IsACut_NotATear()
    {
        using var temp = new TempDirectory();
        var key = RandomNumberGenerator.GetBytes(32);
        await AuditVerifyCommandMatrixTests.WriteAsync(temp.Path, key, "k1", 6);
        var file = AuditFiles.LogFiles(temp.Path)[0];
        var lines = AuditFiles.ReadLines(file);
        await File.AppendAllTextAsync(file, AuditVerifyCommandMatrixTests.Half(lines[1]));

        var report = await new FileAuditVerifier(temp.Path, key).VerifyAsync();
        Assert.False(report.IsValid);
        Assert.Equal(AuditIssueKind.CutRecord, Assert.Single(report.Issues).Kind);
    }

    [Fact]
    public async Task PartialLineBeforeTheLatestCheckpoint_IsACut_NotATear()
    {
        using var temp = new TempDirectory();
        var key = RandomNumberGenerator.GetBytes(32);
        await AuditVerifyCommandMatrixTests.WriteAsync(temp.Path, key, "k1", 10);
        var file = AuditFiles.LogFiles(temp.Path)[0];
        var lines = AuditFiles.ReadLines(file);
        var partial = AuditVerifyCommandMatrixTests.Half(lines[7]);
        AuditFiles.WriteLines(file, lines.Take(7));
        await File.AppendAllTextAsync(file, partial);

        var report = await new FileAuditVerifier(temp.Path, key).VerifyAsync();
        Assert.False(report.IsValid);
        Assert.DoesNotContain(report.Issues, static i => i.Kind == AuditIssueKind.TornTail);
        Assert.Contains(report.Issues, static i => i.Kind == AuditIssueKind.CutRecord && i.Sequence == 8);
        Assert.Contains(report.Issues, static i => i.Kind == AuditIssueKind.TruncatedTail);
    }

    [Fact]
    public async Task AuditFilesAndDirectory_AreCreatedOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var temp = new TempDirectory();
        var directory = Path.Combine(temp.Path, "audit");
        await AuditVerifyCommandMatrixTests.WriteAsync(directory, RandomNumberGenerator.GetBytes(32), "k1", 3);

        const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories);
        Assert.Contains(files, static f => Path.GetFileName(f) == AuditFileFormat.CheckpointFileName);
        Assert.Contains(files, static f => Path.GetFileName(f) == AuditFileFormat.LockFileName);
        foreach (var file in files)
        {
            var mode = File.GetUnixFileMode(file);
            Assert.True(mode == OwnerReadWrite, Path.GetFileName(file) + ": " + mode);
        }
    }

    [Fact]
    public async Task SqliteVerifier_ReportsMalformedCheckpointRows_InsteadOfThrowing()
    {
        using var temp = new TempDirectory();
        var connection = $"Data Source={Path.Combine(temp.Path, "audit.db")};Pooling=False";
        var key = RandomNumberGenerator.GetBytes(32);
        await SqliteAuditStoreTests.WriteAsync(connection, key, 1, 3);
        SqliteAuditStoreTests.Execute(connection, "INSERT INTO audit_checkpoints (stream, seq, hash, created_at, seal_kid, seal) VALUES ('s', 'three', x'00', 'yesterday', 'k1', 'not a blob')");

        var report = await new SqliteAuditVerifier(connection, key).VerifyAsync();
        Assert.False(report.IsValid);
        Assert.Contains(report.Issues, static i => i.Kind == AuditIssueKind.CheckpointMismatch && i.Location.Contains("audit_checkpoints", StringComparison.Ordinal));
        Assert.Equal(3, report.RecordCount);
    }
}
