using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Compliance.Runtime.PostgreSql;

/// <summary>
/// The explicit, idempotent migration step of the PostgreSQL stores: creates the schema, the
/// append-only audit tables with the constraints that tie each record to the one before it, the
/// triggers that refuse UPDATE, DELETE and TRUNCATE even for a role holding those privileges, and
/// the key-ring and MFA tables of the EF Core stores; and grants an application role no more than
/// the stores need. It never runs on the request path: call it from a deployment step, or opt in
/// with <see cref="PostgreSqlComplianceOptions.MigrateOnStart"/>.
/// </summary>
public static partial class PostgreSqlComplianceSchema
{
    /// <summary>The default schema name.</summary>
    public const string DefaultSchema = "compliance";

    /// <summary>The default audit chain name.</summary>
    public const string DefaultChain = "default";

    /// <summary>The version of the schema this package creates and expects.</summary>
    public const int Version = 1;

    // Several instances migrating at once (MigrateOnStart) take turns on this lock.
    private const long MigrationLockKey = 0x63722D6D69677231; // "cr-migr1"

    /// <summary>
    /// Creates or completes the schema (safe to run again and from several instances at once), in
    /// one transaction, as the role of <paramref name="dataSource"/>, which must be allowed to create
    /// the schema's objects (the owner, not the application's role).
    /// </summary>
    /// <param name="dataSource">A data source connecting as the schema owner.</param>
    /// <param name="options">The schema name and the application role to grant; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the migration (nothing is applied).</param>
    /// <returns>A task that completes when the schema is in place.</returns>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, PostgreSqlMigrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgreSqlMigrationOptions();
        if (!IsValidSchemaName(options.Schema))
        {
            throw new ArgumentException("The schema must be a lower-case SQL identifier: letters, digits and underscores, at most 63 characters, not starting with a digit.", nameof(options));
        }

        if (options.ApplicationRole is { } role && (role.Length is 0 or > 63 || role.Any(char.IsControl)))
        {
            throw new ArgumentException("The application role must be 1 to 63 characters without control characters.", nameof(options));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(MigrationSql(options.Schema, options.ApplicationRole), connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The SQL the migration runs, for review or for a migration tool of your own.</summary>
    /// <param name="schema">The schema name.</param>
    /// <param name="applicationRole">The role to grant, or null.</param>
    /// <returns>The SQL script.</returns>
    public static string MigrationSql(string schema = DefaultSchema, string? applicationRole = null)
    {
        if (!IsValidSchemaName(schema))
        {
            throw new ArgumentException("The schema must be a lower-case SQL identifier.", nameof(schema));
        }

        var s = Quote(schema);
        var sql = new StringBuilder($$"""
            SELECT pg_advisory_xact_lock({{MigrationLockKey}});
            CREATE SCHEMA IF NOT EXISTS {{s}};
            CREATE TABLE IF NOT EXISTS {{s}}.schema_migrations (
                version integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now());

            -- The chain formulas of the runtime (docs/runtime/auditing.md), so the database itself refuses
            -- a row whose hash does not follow from its content and the hash of the row before it.
            CREATE OR REPLACE FUNCTION {{s}}.audit_genesis(stream text) RETURNS bytea
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                AS $f$ SELECT sha256(convert_to('cr-audit-genesis', 'UTF8') || convert_to(stream, 'UTF8')) $f$;
            CREATE OR REPLACE FUNCTION {{s}}.audit_chain_hash(prev_hash bytea, content bytea) RETURNS bytea
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                AS $f$ SELECT sha256(decode('01', 'hex') || prev_hash || sha256(decode('00', 'hex') || content)) $f$;

            -- One row per record: the exact bytes that were hashed (bytea, never jsonb, which reorders keys).
            CREATE TABLE IF NOT EXISTS {{s}}.audit_records (
                chain text NOT NULL,
                seq bigint NOT NULL,
                stream text NOT NULL,
                content bytea NOT NULL,
                hash bytea NOT NULL,
                prev_seq bigint,
                prev_hash bytea NOT NULL,
                seal_kid text NOT NULL,
                seal bytea NOT NULL,
                CONSTRAINT audit_records_pkey PRIMARY KEY (chain, seq),
                CONSTRAINT audit_records_link UNIQUE (chain, seq, hash, stream),
                CONSTRAINT audit_records_seq CHECK (seq >= 1 AND prev_seq IS NOT DISTINCT FROM (CASE WHEN seq = 1 THEN NULL ELSE seq - 1 END)),
                CONSTRAINT audit_records_content_seq CHECK (substring(content FROM 1 FOR octet_length(convert_to('{"seq":' || seq::text || ',', 'UTF8'))) = convert_to('{"seq":' || seq::text || ',', 'UTF8')),
                CONSTRAINT audit_records_genesis CHECK (seq > 1 OR prev_hash = {{s}}.audit_genesis(stream)),
                CONSTRAINT audit_records_hash CHECK (octet_length(hash) = 32 AND hash = {{s}}.audit_chain_hash(prev_hash, content)),
                -- Each record's previous hash is the stored hash of the record before it, in the same stream.
                CONSTRAINT audit_records_previous FOREIGN KEY (chain, prev_seq, prev_hash, stream)
                    REFERENCES {{s}}.audit_records (chain, seq, hash, stream));

            CREATE TABLE IF NOT EXISTS {{s}}.audit_checkpoints (
                chain text NOT NULL,
                seq bigint NOT NULL,
                stream text NOT NULL,
                hash bytea NOT NULL,
                created_at timestamptz NOT NULL,
                seal_kid text NOT NULL,
                seal bytea NOT NULL,
                prev bytea,
                CONSTRAINT audit_checkpoints_pkey PRIMARY KEY (chain, seq),
                -- A checkpoint names a stored record: removing records under it needs the owner's help.
                CONSTRAINT audit_checkpoints_record FOREIGN KEY (chain, seq, hash, stream)
                    REFERENCES {{s}}.audit_records (chain, seq, hash, stream));

            -- The second line behind the revoked privileges: even a role granted UPDATE or DELETE cannot use it.
            CREATE OR REPLACE FUNCTION {{s}}.audit_append_only() RETURNS trigger
                LANGUAGE plpgsql
                AS $f$ BEGIN RAISE EXCEPTION 'compliance audit tables are append-only: % on %.% refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $f$;
            CREATE OR REPLACE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON {{s}}.audit_records
                FOR EACH ROW EXECUTE FUNCTION {{s}}.audit_append_only();
            CREATE OR REPLACE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON {{s}}.audit_records
                FOR EACH STATEMENT EXECUTE FUNCTION {{s}}.audit_append_only();
            CREATE OR REPLACE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON {{s}}.audit_checkpoints
                FOR EACH ROW EXECUTE FUNCTION {{s}}.audit_append_only();
            CREATE OR REPLACE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON {{s}}.audit_checkpoints
                FOR EACH STATEMENT EXECUTE FUNCTION {{s}}.audit_append_only();
            REVOKE ALL ON {{s}}.audit_records, {{s}}.audit_checkpoints FROM PUBLIC;

            -- The tables of the EF Core key-ring and MFA stores (Compliance.Runtime.EntityFrameworkCore).
            CREATE TABLE IF NOT EXISTS {{s}}.compliance_data_keys (
                key_id bigint PRIMARY KEY,
                purpose integer NOT NULL,
                state integer NOT NULL,
                created_at timestamptz NOT NULL,
                retired_at timestamptz,
                revoked_at timestamptz,
                kek_id varchar(200) NOT NULL,
                wrapped_key bytea NOT NULL,
                metadata_mac bytea);
            CREATE TABLE IF NOT EXISTS {{s}}.compliance_mfa (
                user_id varchar(200) PRIMARY KEY,
                secret bytea NOT NULL,
                confirmed boolean NOT NULL,
                last_used_step bigint NOT NULL,
                recovery_code_hashes text NOT NULL,
                created_at timestamptz NOT NULL);

            INSERT INTO {{s}}.schema_migrations (version) VALUES ({{Version}}) ON CONFLICT (version) DO NOTHING;

            """);

        if (applicationRole is not null)
        {
            var r = Quote(applicationRole);
            sql.Append($"""
                GRANT USAGE ON SCHEMA {s} TO {r};
                GRANT SELECT, INSERT ON {s}.audit_records, {s}.audit_checkpoints TO {r};
                REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {s}.audit_records, {s}.audit_checkpoints FROM {r};
                GRANT SELECT, INSERT, UPDATE, DELETE ON {s}.compliance_data_keys, {s}.compliance_mfa TO {r};
                GRANT SELECT ON {s}.schema_migrations TO {r};

                """);
        }

        return sql.ToString();
    }

    /// <summary>Whether <paramref name="schema"/> is accepted as a schema name (a lower-case SQL identifier).</summary>
    /// <param name="schema">The name.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsValidSchemaName(string? schema) => schema is not null && SchemaName().IsMatch(schema);

    /// <summary>Whether <paramref name="chain"/> is accepted as a chain name.</summary>
    /// <param name="chain">The name.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsValidChainName(string? chain) => chain is { Length: > 0 and <= 200 } && !chain.Any(char.IsControl);

    /// <summary>The key of the transaction-scoped advisory lock that serialises appends to one chain.</summary>
    internal static long ChainLockKey(string schema, string chain)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("cr-audit-chain\0" + schema + "\0" + chain), digest);
        return System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(digest);
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}
