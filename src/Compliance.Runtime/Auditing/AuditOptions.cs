namespace Compliance.Runtime.Auditing;

/// <summary>
/// Settings of the audit trail, bound from <c>Compliance:Auditing</c> and validated at startup.
/// </summary>
public sealed class AuditOptions
{
    /// <summary>The configuration section bound by <c>AddAuditing</c>.</summary>
    public const string SectionName = "Compliance:Auditing";

    /// <summary>Six years (HIPAA 164.316(b)(2)(i)), counted with leap days: the default and the minimum retention.</summary>
    public static readonly TimeSpan MinimumRetention = TimeSpan.FromDays((6 * 365) + 2);

    /// <summary>
    /// The directory of the JSON Lines file store (the default store). Relative paths are resolved
    /// against the content root. Default <c>audit</c>.
    /// </summary>
    public string Directory { get; set; } = "audit";

    /// <summary>
    /// The HMAC-SHA256 key that seals every record and checkpoint, base64-encoded, at least 32
    /// bytes. Keep it outside the log's storage (a secret store or environment variable): whoever
    /// holds it can recompute seals. Either this or <see cref="SealKeyFile"/> is required.
    /// </summary>
    public string? SealKey { get; set; }

    /// <summary>A file holding the seal key (raw bytes or base64), as an alternative to <see cref="SealKey"/>.</summary>
    public string? SealKeyFile { get; set; }

    /// <summary>
    /// Creates <see cref="SealKeyFile"/> with a random key when it does not exist. For local
    /// development only; production keys come from a secret store.
    /// </summary>
    public bool CreateSealKeyFileIfMissing { get; set; }

    /// <summary>
    /// A PEM file holding an ECDSA P-256 private key (PKCS#8 or SEC1). When set, records and
    /// checkpoints are sealed with signatures instead of HMAC, and verifying needs only the public key
    /// (<c>openssl ec -in key.pem -pubout</c>): whoever verifies the trail cannot forge it. Replaces
    /// <see cref="SealKey"/> and <see cref="SealKeyFile"/>.
    /// </summary>
    public string? SealPrivateKeyFile { get; set; }

    /// <summary>
    /// The id of the seal key, stored with every seal as <c>seal_kid</c>. Give each new key a new id
    /// when rotating: the verifier selects the key for each record by this id. Default <c>k1</c>.
    /// </summary>
    public string SealKeyId { get; set; } = "k1";

    /// <summary>
    /// The keys of earlier seal key ids, kept after a rotation so the verifiers this library
    /// registers (<see cref="IAuditVerifier"/> of the file and SQLite stores) still verify the
    /// older records: key id → a file holding the retired HMAC key (raw or base64) or, for
    /// asymmetric seals, the ECDSA P-256 public key (PEM). Each record is checked with the key its
    /// <c>seal_kid</c> names. Relative paths are resolved against the content root.
    /// </summary>
    public Dictionary<string, string> RetiredSealKeyFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The id of this log's stream, used only when a new log is created (an existing log keeps its
    /// stream). Default: a random id.
    /// </summary>
    public string? StreamId { get; set; }

    /// <summary>
    /// How long records are kept. Default and minimum six years; shorter values fail validation at
    /// startup. Nothing in this library deletes records; archive and purge older files with your
    /// own privileged job after writing a checkpoint that covers them.
    /// </summary>
    public TimeSpan Retention { get; set; } = MinimumRetention;

    /// <summary>Whether requests to <c>[Audited]</c> endpoints wait for the record to be durable. Default <see cref="AuditDurability.Acknowledged"/>.</summary>
    public AuditDurability Durability { get; set; } = AuditDurability.Acknowledged;

    /// <summary>
    /// When the store is unavailable, <c>[Audited]</c> endpoints answer 503 instead of running
    /// unaudited. Default true.
    /// </summary>
    public bool FailClosed { get; set; } = true;

    /// <summary>
    /// How long a producer waits for its record to be acknowledged (and for room in a full queue)
    /// before it fails with <see cref="AuditStoreUnavailableException"/>; audited requests then
    /// answer 503. A store call running longer than this also makes the log unavailable while it
    /// lasts. Default 5 seconds.
    /// </summary>
    public TimeSpan AcknowledgementTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After an open or append failure the log stays unavailable until this many probe records
    /// (<c>audit.store.probe</c>) in a row have been committed: a store that reopens but cannot
    /// append (a full disk) never flips back to available. Default 3.
    /// </summary>
    public int RecoveryProbeAppends { get; set; } = 3;

    /// <summary>
    /// With acknowledged durability, the response body of an audited request is held back until
    /// its record is durable, so no PHI leaves without a record; when the store fails the client
    /// gets a 503 instead. Set to false to stream bodies before the record is durable (the
    /// connection is then aborted if the record fails, after bytes may have left). Default true.
    /// </summary>
    public bool HoldResponsesUntilAudited { get; set; } = true;

    /// <summary>
    /// The most response bytes held per audited request. A larger body does not grow memory: when
    /// it reaches this size the record is written (and acknowledged) first, with the status code
    /// known at that point, and only then is the body released. Default 1 MiB.
    /// </summary>
    public int MaxHeldResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>The file store starts a new file when the current one would exceed this size (a single commit of <see cref="MaxBatchSize"/> records is never split, so a file exceeds it by at most one batch). Default 64 MiB.</summary>
    public long MaxFileSize { get; set; } = 64L * 1024 * 1024;

    /// <summary>How many events may wait for the writer; producers wait when it is full (events are never dropped). Default 10 000.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>The most records committed (one fsync) together. Default 512.</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>A sealed checkpoint (sequence number and chain hash) is written after this many records. Default 1 000.</summary>
    public int CheckpointEveryRecords { get; set; } = 1_000;

    /// <summary>A sealed checkpoint is also written when this much time has passed since the last one and records were added. Default 5 minutes.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>When an audited request may complete.</summary>
public enum AuditDurability
{
    /// <summary>The request completes only after its record is on stable storage (fsync, group-committed).</summary>
    Acknowledged = 0,

    /// <summary>The request completes once its record is queued; the writer still never drops it.</summary>
    Buffered = 1,
}
