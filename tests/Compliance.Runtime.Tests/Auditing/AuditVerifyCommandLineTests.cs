using Compliance.Runtime.Tests.Infrastructure;

namespace Compliance.Runtime.Tests.Auditing;

/// <summary>
/// The verifier's command line, run as a real process: help, validation errors and the exit-code
/// contract (0 the log verifies, 1 a finding, 2 a usage error). Only a verified log exits 0, so
/// help exits 2 like every other call that verifies nothing.
/// </summary>
public sealed class AuditVerifyCommandLineTests
{
    private static readonly byte[] Key = Enumerable.Repeat((byte)7, 32).ToArray();

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_ListsEveryOption_AndTheExitCodes_AndExitsTwo(string help)
    {
        var result = await AuditVerifyCommand.RunAsync([help]);

        Assert.True(result.ExitCode == 2, result.Output);
        foreach (var option in new[]
                 {
                     "--sqlite", "--postgres", "--postgres-schema", "--postgres-chain", "--seal-key-file", "--seal-public-key", "--skip-seals",
                     "--expect-at-least", "--anchor", "--export-checkpoint", "--summary", "--summary-signing-key", "COMPLIANCE_AUDIT_SEAL_KEY", "Exit codes",
                 })
        {
            Assert.Contains(option, result.Output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("--version", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("No audit log given")]
    [InlineData("not several", "{log}", "--sqlite", "audit.db")]
    [InlineData("go with --postgres", "{log}", "--postgres-chain", "main")]
    [InlineData("lower-case SQL identifier", "--postgres", "Host=db;Database=ehr", "--postgres-schema", "Audit-Log")]
    [InlineData("control characters", "--postgres", "Host=db;Database=ehr", "--postgres-chain", "")]
    [InlineData("Npgsql connection string", "--postgres", "Host=db;Password=s3cret-Pa55;Nonsense Keyword=1")]
    [InlineData("with its key id: --seal-public-key", "{log}", "--seal-public-key", "no-key-id.pem")]
    [InlineData("with its key id: --summary-signing-key", "{log}", "--seal-key-file", "{key}", "--summary", "s.json", "--summary-signing-key", "no-key-id.pem")]
    [InlineData("Give each of several seal keys", "{log}", "--seal-key-file", "{key}", "--seal-key-file", "{key}")]
    [InlineData("cannot be combined", "{log}", "--seal-key-file", "{key}", "--seal-key-file", "k2={key}")]
    [InlineData("No seal key", "{log}")]
    [InlineData("A signed summary needs a key", "{log}", "--skip-seals", "--summary", "s.json")]
    [InlineData("either --anchor or --expect-at-least", "{log}", "--skip-seals", "--anchor", "a.json", "--expect-at-least", "1:" + "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("<seq>:<hash>", "{log}", "--skip-seals", "--expect-at-least", "ten")]
    [InlineData("--unknown", "{log}", "--skip-seals", "--unknown")]
    [InlineData("--sqlite", "--sqlite")]
    [InlineData("--sqlite", "--sqlite", "a.db", "--sqlite", "b.db")]
    [InlineData("extra", "{log}", "extra", "--skip-seals")]
    public async Task ValidationErrors_NameTheProblem_AndExitTwo(string expected, params string[] arguments)
    {
        using var temp = new TempDirectory();
        var keyFile = AuditVerifyCommandMatrixTests.WriteKeyFile(temp.Path, Key);
        var resolved = arguments.Select(a => a.Replace("{log}", Path.Combine(temp.Path, "log"), StringComparison.Ordinal).Replace("{key}", keyFile, StringComparison.Ordinal));

        var result = await AuditVerifyCommand.RunAsync(resolved);

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains(expected, result.Output, StringComparison.Ordinal);
        Assert.Contains("--help", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-Pa55", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachExitCode()
    {
        using var temp = new TempDirectory();
        var log = Path.Combine(temp.Path, "log");
        var keyFile = AuditVerifyCommandMatrixTests.WriteKeyFile(temp.Path, Key);
        await AuditVerifyCommandMatrixTests.WriteAsync(log, Key, "k1", 3);

        var valid = await AuditVerifyCommand.RunAsync([log, "--seal-key-file", keyFile]);
        Assert.True(valid.ExitCode == 0, valid.Output);
        Assert.Contains(": VALID", valid.Output, StringComparison.Ordinal);

        var wrongKey = AuditVerifyCommandMatrixTests.WriteKeyFile(Path.Combine(temp.Path, "wrong"), Enumerable.Repeat((byte)8, 32).ToArray());
        var invalid = await AuditVerifyCommand.RunAsync([log, "--seal-key-file", wrongKey]);
        Assert.True(invalid.ExitCode == 1, invalid.Output);
        Assert.Contains(": INVALID", invalid.Output, StringComparison.Ordinal);

        // A key that cannot be read is found after parsing, and is a usage error too.
        var unreadable = await AuditVerifyCommand.RunAsync([log, "--seal-key-file", Path.Combine(temp.Path, "missing.key")]);
        Assert.True(unreadable.ExitCode == 2, unreadable.Output);
        Assert.Contains("A seal key cannot be read", unreadable.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnArgumentStartingWithAt_IsAPath_NotAResponseFile()
    {
        using var temp = new TempDirectory();
        var responseFile = Path.Combine(temp.Path, "arguments.rsp");
        await File.WriteAllTextAsync(responseFile, "--skip-seals");

        // Read as a response file, this would be a valid call without any log; as a path it is a log that is missing.
        var result = await AuditVerifyCommand.RunAsync(["@" + responseFile], Convert.ToBase64String(Key));

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("EmptyLog", result.Output, StringComparison.Ordinal);
    }
}
