namespace Compliance.Runtime.Auditing;

/// <summary>
/// The <see cref="IAuditLog"/> registered by <c>AddCompliance()</c> while auditing is not added,
/// like <c>NullLogger</c>: components take <see cref="IAuditLog"/> by constructor injection whether
/// or not the application audits. It checks events like the real log (so a malformed event fails
/// the same way in every configuration) and then discards them. <c>AddAuditing()</c> replaces it.
/// </summary>
public sealed class NullAuditLog : IAuditLog
{
    private NullAuditLog()
    {
    }

    /// <summary>The instance.</summary>
    public static NullAuditLog Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) =>
        WriteAsync(auditEvent, AuditDurability.Acknowledged, cancellationToken);

    /// <inheritdoc />
    public ValueTask WriteAsync(AuditEvent auditEvent, AuditDurability durability, CancellationToken cancellationToken = default)
    {
        AuditEventValidation.Validate(auditEvent);
        return ValueTask.CompletedTask;
    }
}
