using System.Data.Common;
using Compliance.Runtime.PostgreSql;
using Npgsql;

/// <summary>What the command line asked for, after validation (<see cref="VerifierCommand"/>).</summary>
internal sealed class VerifierSettings
{
    /// <summary>The file store's directory, when that store is verified.</summary>
    public string? Directory { get; init; }

    /// <summary>The SQLite database file, when that store is verified.</summary>
    public string? Database { get; init; }

    /// <summary>The Npgsql connection string, when the PostgreSQL store is verified; never printed.</summary>
    public string? Postgres { get; init; }

    public string? PostgresSchema { get; init; }

    public string? PostgresChain { get; init; }

    /// <summary>The one HMAC key file given without a key id, used whatever seal_kid a record names.</summary>
    public string? SingleKeyFile { get; init; }

    /// <summary>HMAC key files by seal_kid, in the order given.</summary>
    public IReadOnlyList<(string KeyId, string Path)> KeyFiles { get; init; } = [];

    /// <summary>ECDSA public key files by seal_kid.</summary>
    public IReadOnlyList<(string KeyId, string Path)> PublicKeys { get; init; } = [];

    public bool SkipSeals { get; init; }

    /// <summary><c>seq:hash</c> the trail must reach (already checked to parse).</summary>
    public string? ExpectAtLeast { get; init; }

    public string? AnchorFile { get; init; }

    public string? ExportFile { get; init; }

    public VerificationSummaryOutput Summary { get; init; } = new();

    /// <summary>The schema of the PostgreSQL store's tables, defaulted.</summary>
    public string EffectivePostgresSchema => PostgresSchema ?? PostgreSqlComplianceSchema.DefaultSchema;

    /// <summary>The PostgreSQL chain to verify, defaulted.</summary>
    public string EffectivePostgresChain => PostgresChain ?? PostgreSqlComplianceSchema.DefaultChain;

    /// <summary>
    /// What the signed summary names as verified: the directory or SQLite database as given, or the
    /// PostgreSQL host, port, database, schema and chain. Only those keys are read from the
    /// connection string, so neither the password nor any other setting (user, certificates) can
    /// reach the auditor's file.
    /// </summary>
    public string DescribeSource()
    {
        if (Directory is not null || Database is not null)
        {
            return (Directory ?? Database)!;
        }

        var connection = new NpgsqlConnectionStringBuilder(Postgres);

        // Quoted as a connection string quotes values, so a chain name holding ';' or '=' stays one
        // value. A host or database the connection string leaves to Npgsql's defaults is left out.
        var description = new DbConnectionStringBuilder();
        if (connection.Host is { Length: > 0 } host)
        {
            description["Host"] = host;
        }

        description["Port"] = connection.Port;
        if (connection.Database is { Length: > 0 } database)
        {
            description["Database"] = database;
        }

        description["Schema"] = EffectivePostgresSchema;
        description["Chain"] = EffectivePostgresChain;
        return "postgresql: " + description.ConnectionString;
    }
}
