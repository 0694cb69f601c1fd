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
}
