namespace Compliance.Runtime.Redis;

/// <summary>
/// Settings of the Redis scale-out, bound from <c>Compliance:Redis</c>. Every instance of one
/// application must use the same <see cref="ApplicationName"/> and <see cref="KeyPrefix"/>, or the
/// instances do not share their sessions, limits and keys.
/// </summary>
public sealed class RedisComplianceOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Compliance:Redis";

    /// <summary>
    /// The StackExchange.Redis configuration string (for example <c>redis.internal:6379,ssl=true,password=…</c>),
    /// used when no connection multiplexer is passed to <c>UseRedis</c>. It usually holds a password:
    /// keep it in a secret store or the environment, never in a committed file. It is never logged.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// The name shared by every instance of the application: the Data Protection application name
    /// (what <c>SetApplicationName</c> sets, so cookies and session tickets protected on one instance
    /// open on the others) and part of the default key prefix. Default: the host's application name.
    /// </summary>
    public string? ApplicationName { get; set; }

    /// <summary>The prefix of every Redis key written (default <c>compliance:</c> and the application name and a colon).</summary>
    public string? KeyPrefix { get; set; }

    /// <summary>
    /// Whether Data Protection keys are kept in Redis (default true). Turn it off only when another
    /// shared key repository is configured; with per-instance keys a cookie issued by one instance
    /// is refused by the others.
    /// </summary>
    public bool PersistDataProtectionKeys { get; set; } = true;

    /// <summary>
    /// How long one Redis operation may take before it fails (default 2 seconds). A failed operation
    /// fails the request closed (503), so this bounds how long a request waits on a sick server.
    /// Applies to the connection <c>UseRedis</c> opens itself.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
