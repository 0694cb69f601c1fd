namespace Compliance.Runtime.Auditing;

/// <summary>
/// The one door to the tamper-evident trail. <c>AddCompliance()</c> always registers it (a
/// <see cref="NullAuditLog"/> until <c>AddAuditing()</c> adds the real log), so take it by
/// constructor injection to record events that do not come from an <c>[Audited]</c> endpoint:
/// sign-ins, sign-outs, session revocations, key rotations, rejections.
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Whether the log can currently make records durable. It follows successful appends, not
    /// successful opens, so callers that must not act unaudited can refuse up front (audited
    /// endpoints answer 503). Implementations that cannot tell report true.
    /// </summary>
    bool IsAvailable => true;

    /// <summary>
    /// Appends <paramref name="auditEvent"/> to the chain with <see cref="AuditDurability.Acknowledged"/>
    /// durability: the returned task completes once the record is durably stored (group-committed
    /// with concurrent writes); it faults with <see cref="AuditStoreUnavailableException"/> when the
    /// store is unavailable or does not acknowledge within <c>AuditOptions.AcknowledgementTimeout</c>,
    /// so callers can fail closed. Events are never dropped.
    /// </summary>
    /// <param name="auditEvent">The event. A default <see cref="AuditEvent.OccurredAt"/> is stamped with the log's clock and a null <see cref="AuditEvent.Service"/> with the configured service name.</param>
    /// <param name="cancellationToken">Stops waiting for the acknowledgement; the event is still written.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    /// <exception cref="ArgumentException">The event is malformed (the message names the field, never a value).</exception>
    ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="auditEvent"/> with an explicit durability:
    /// <see cref="AuditDurability.Acknowledged"/> waits until the record is durable,
    /// <see cref="AuditDurability.Buffered"/> completes once it is queued (use it only where waiting
    /// on the disk is worse than a record that may still be in memory, such as floods of
    /// rejections). Implementations that cannot buffer acknowledge every write, which is always safe.
    /// </summary>
    /// <param name="auditEvent">The event.</param>
    /// <param name="durability">When the returned task completes.</param>
    /// <param name="cancellationToken">Stops waiting; the event is still written.</param>
    /// <returns>A task that completes when the record is durable, or queued for <see cref="AuditDurability.Buffered"/>.</returns>
    /// <exception cref="ArgumentException">The event is malformed (the message names the field, never a value).</exception>
    ValueTask WriteAsync(AuditEvent auditEvent, AuditDurability durability, CancellationToken cancellationToken = default) =>
        WriteAsync(auditEvent, cancellationToken);
}
