namespace Compliance.Runtime.Auditing;

/// <summary>
/// Writes audit events to the tamper-evident trail. Resolve it from dependency injection (it is
/// registered by <c>AddCompliance().AddAuditing()</c>) to record events that do not come from an
/// <c>[Audited]</c> endpoint: sign-ins, sign-outs, session revocations, key rotations.
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Appends <paramref name="auditEvent"/> to the chain. The returned task completes once the
    /// record is durably stored (group-committed with concurrent writes); it faults when the store
    /// is unavailable, so callers can fail closed. Events are never dropped.
    /// </summary>
    /// <param name="auditEvent">The event. A default <see cref="AuditEvent.OccurredAt"/> is stamped with the log's clock and a null <see cref="AuditEvent.Service"/> with the configured service name.</param>
    /// <param name="cancellationToken">Stops waiting for the acknowledgement; the event is still written.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);
}
