using System.CommandLine;
using System.CommandLine.Help;
using Compliance.Runtime.PostgreSql;

/// <summary>
/// The verifier's command line on System.CommandLine: the options, their validation (every check
/// that needs no file is a parse error, reported with the option's name) and the exit-code
/// contract of <see cref="ExitCodes"/>.
/// </summary>
internal sealed class VerifierCommand
{
    /// <summary>The single HMAC key, in base64, when no key file is given.</summary>
    public const string EnvironmentKey = "COMPLIANCE_AUDIT_SEAL_KEY";

    private readonly Argument<string?> _directory = new("directory")
    {
        Arity = ArgumentArity.ZeroOrOne,
        Description = "The audit directory of the file store.",
    };

    private readonly Option<string?> _sqlite = new("--sqlite") { HelpName = "database", Description = "Verify the SQLite store in this database file." };

    private readonly Option<string?> _postgres = new("--postgres")
    {
        HelpName = "connection",
        Description = "Verify the PostgreSQL store: an Npgsql connection string (give the password through PGPASSWORD or a pgpass file).",
    };

    private readonly Option<string?> _postgresSchema = new("--postgres-schema") { HelpName = "schema", Description = "The schema of the audit tables (default compliance)." };

    private readonly Option<string?> _postgresChain = new("--postgres-chain") { HelpName = "chain", Description = "The chain to verify (default default)." };

    private readonly Option<string[]> _sealKeyFiles = new("--seal-key-file")
    {
        HelpName = "[kid=]path",
        Description = "An HMAC seal key: one file used whatever seal_kid a record names, or <kid>=<path> for one seal_kid (repeat for rotated keys).",
    };

    private readonly Option<string[]> _sealPublicKeys = new("--seal-public-key")
    {
        HelpName = "kid=pem",
        Description = "An ECDSA P-256 public key for one seal_kid (repeatable).",
    };

    private readonly Option<bool> _skipSeals = new("--skip-seals") { Description = "Check only the chain (a chain recomputed by an intruder then passes)." };

    private readonly Option<string?> _expectAtLeast = new("--expect-at-least")
    {
        HelpName = "seq:hash",
        Description = "The trail must reach this sequence number with this chain hash.",
    };

    private readonly Option<string?> _anchor = new("--anchor") { HelpName = "file", Description = "The same, from a checkpoint exported earlier (its seal is checked)." };

    private readonly Option<string?> _exportCheckpoint = new("--export-checkpoint")
    {
        HelpName = "file",
        Description = "After a VALID result, write the latest checkpoint there, to keep off the box.",
    };

    private readonly Option<string?> _summary = new("--summary") { HelpName = "file", Description = "Write a signed summary of the verification." };

    private readonly Option<string?> _summarySigningKey = new("--summary-signing-key")
    {
        HelpName = "kid=pem",
        Description = "Sign the summary with this ECDSA private key instead of the HMAC seal key.",
    };

    public VerifierCommand()
    {
        Root = new RootCommand(
            "Verifies a Compliance.Runtime audit log: sequence contiguity, hash chain, seals, checkpoints and torn tails. "
            + "The single HMAC key can also come from " + EnvironmentKey + " (base64). "
            + "Exit codes: 0 the log verifies, 1 tampering, damage or an empty or missing log found, 2 usage error (or --help) or seals not checked.")
        {
            _directory, _sqlite, _postgres, _postgresSchema, _postgresChain, _sealKeyFiles, _sealPublicKeys, _skipSeals, _expectAtLeast, _anchor, _exportCheckpoint, _summary, _summarySigningKey,
        };

        // --version would exit 0, which this command reserves for a log that verifies.
        foreach (var version in Root.Options.OfType<VersionOption>().ToList())
        {
            Root.Options.Remove(version);
        }

        _postgres.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !IsConnectionString(value))
            {
                // The value is not echoed: it may hold a password.
                result.AddError("--postgres takes an Npgsql connection string, for example \"Host=db;Database=ehr;Username=auditor\".");
            }
        });
        _postgresSchema.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !PostgreSqlComplianceSchema.IsValidSchemaName(value))
            {
                result.AddError("--postgres-schema takes a lower-case SQL identifier (letters, digits, underscores).");
            }
        });
        _postgresChain.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !PostgreSqlComplianceSchema.IsValidChainName(value))
            {
                result.AddError("--postgres-chain takes 1 to 200 characters without control characters.");
            }
        });
        _sealPublicKeys.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<string[]>()?.Any(static key => SplitKeyId(key) is null) == true)
            {
                result.AddError("Give a public key with its key id: --seal-public-key <kid>=<pem file>.");
            }
        });
        _summarySigningKey.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && SplitKeyId(value) is null)
            {
                result.AddError("Give the summary's signing key with its key id: --summary-signing-key <kid>=<pem file>.");
            }
        });
        _expectAtLeast.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !Compliance.Runtime.Auditing.AuditAnchor.TryParse(value, out _))
            {
                result.AddError("--expect-at-least takes <seq>:<hash>: a sequence number and the 64 hex digits of its chain hash.");
            }
        });
    }

    public RootCommand Root { get; }

    /// <summary>Parses and runs the command line; the exit code follows <see cref="ExitCodes"/>.</summary>
    public static async Task<int> InvokeAsync(string[] args)
    {
        var command = new VerifierCommand();

        // Arguments are paths and connection strings: an @file argument is a path, not a response file.
        var result = command.Root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Action is HelpAction)
        {
            // On standard error, like any other answer that verifies nothing.
            result.Invoke(new InvocationConfiguration { Output = Console.Error });
            return ExitCodes.Usage;
        }

        // The rules that tie options together are checked once each option parsed and passed its
        // own checks (System.CommandLine skips option validators after a command validator error).
        var problems = result.Errors.Count > 0 ? [.. result.Errors.Select(static e => e.Message)] : command.CombinationProblems(result);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine(problem);
            }

            Console.Error.WriteLine("Run compliance-audit-verify --help for the options.");
            return ExitCodes.Usage;
        }

        return await AuditLogVerification.RunAsync(command.Read(result)).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>&lt;kid&gt;=&lt;path&gt;</c>: a key id holds no path separators, so a path that merely
    /// contains '=' (an existing file, or one with a separator before the '=') is not split.
    /// </summary>
    public static (string KeyId, string Path)? SplitKeyId(string argument)
    {
        var separator = argument.IndexOf('=', StringComparison.Ordinal);
        return separator > 0 && argument.AsSpan(0, separator).IndexOfAny('/', '\\') < 0 && !File.Exists(argument)
            ? (argument[..separator], argument[(separator + 1)..])
            : null;
    }

    private VerifierSettings Read(ParseResult result)
    {
        var keyArguments = result.GetValue(_sealKeyFiles) ?? [];
        var signingKey = result.GetValue(_summarySigningKey);
        return new VerifierSettings
        {
            Directory = result.GetValue(_directory),
            Database = result.GetValue(_sqlite),
            Postgres = result.GetValue(_postgres),
            PostgresSchema = result.GetValue(_postgresSchema),
            PostgresChain = result.GetValue(_postgresChain),
            SingleKeyFile = keyArguments.FirstOrDefault(static k => SplitKeyId(k) is null),
            KeyFiles = [.. keyArguments.Select(SplitKeyId).OfType<(string KeyId, string Path)>()],
            PublicKeys = [.. (result.GetValue(_sealPublicKeys) ?? []).Select(SplitKeyId).OfType<(string KeyId, string Path)>()],
            SkipSeals = result.GetValue(_skipSeals),
            ExpectAtLeast = result.GetValue(_expectAtLeast),
            AnchorFile = result.GetValue(_anchor),
            ExportFile = result.GetValue(_exportCheckpoint),
            Summary = new VerificationSummaryOutput { File = result.GetValue(_summary), SigningKey = signingKey is null ? null : SplitKeyId(signingKey) },
        };
    }

    /// <summary>The rules that tie options together; each failure is a usage error naming the options.</summary>
    private List<string> CombinationProblems(ParseResult result)
    {
        var problems = new List<string>();
        var sources = (result.GetValue(_directory) is null ? 0 : 1) + (result.GetValue(_sqlite) is null ? 0 : 1) + (result.GetValue(_postgres) is null ? 0 : 1);
        if (sources != 1)
        {
            problems.Add(sources == 0
                ? "No audit log given: pass a directory, --sqlite <database> or --postgres <connection>."
                : "Pass one of a directory, --sqlite <database> and --postgres <connection>, not several.");
        }

        if ((result.GetValue(_postgresSchema) is not null || result.GetValue(_postgresChain) is not null) && result.GetValue(_postgres) is null)
        {
            problems.Add("--postgres-schema and --postgres-chain go with --postgres.");
        }

        var keyArguments = result.GetValue(_sealKeyFiles) ?? [];
        var keysWithoutId = keyArguments.Count(static k => SplitKeyId(k) is null);
        var publicKeys = result.GetValue(_sealPublicKeys)?.Length ?? 0;
        var keysWithId = keyArguments.Length - keysWithoutId + publicKeys;
        if (keysWithoutId > 1)
        {
            problems.Add("Give each of several seal keys with its key id: --seal-key-file <kid>=<path>.");
        }
        else if (keysWithoutId == 1 && keysWithId > 0)
        {
            problems.Add("A key without a key id cannot be combined with keys by id: give every key as <kid>=<path>.");
        }

        var environmentKey = Environment.GetEnvironmentVariable(EnvironmentKey) is { Length: > 0 };
        if (keyArguments.Length + publicKeys == 0 && !environmentKey && !result.GetValue(_skipSeals))
        {
            problems.Add("No seal key: pass --seal-key-file or --seal-public-key, set " + EnvironmentKey + ", or --skip-seals to check only the chain (a chain recomputed by an intruder then passes).");
        }

        if (result.GetValue(_summary) is not null && result.GetValue(_summarySigningKey) is null && keyArguments.Length == 0 && !environmentKey)
        {
            problems.Add("A signed summary needs a key: an HMAC seal key (--seal-key-file or " + EnvironmentKey + ") or --summary-signing-key <kid>=<private key PEM>.");
        }

        if (result.GetValue(_anchor) is not null && result.GetValue(_expectAtLeast) is not null)
        {
            problems.Add("Pass either --anchor or --expect-at-least, not both.");
        }

        return problems;
    }

    private static bool IsConnectionString(string value)
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
}
