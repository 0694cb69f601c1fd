namespace Compliance.Runtime.Auditing;

/// <summary>
/// Checks an event at the door of the audit log, in its producer's call, so a malformed event is
/// refused with an <see cref="ArgumentException"/> naming the field and can never reach (and stop)
/// the writer. Messages name fields only, never values: events may carry identifiers.
/// </summary>
internal static class AuditEventValidation
{
    private const string ParameterName = "auditEvent";

    public static void Validate(AuditEvent? auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent, ParameterName);
        if (string.IsNullOrEmpty(auditEvent.Action))
        {
            throw Invalid("Action", "must not be null or empty");
        }

        if (auditEvent.Actor is not { } actor)
        {
            throw Invalid("Actor", "must not be null (use AuditActor.Anonymous or AuditActor.System)");
        }

        if (string.IsNullOrEmpty(actor.Type))
        {
            throw Invalid("Actor.Type", "must not be null or empty");
        }

        if (auditEvent.Outcome is null)
        {
            throw Invalid("Outcome", "must not be null");
        }

        if (auditEvent.Resource is { Type: null or "" })
        {
            throw Invalid("Resource.Type", "must not be null or empty");
        }

        if (auditEvent.Request is { Method: null or "" })
        {
            throw Invalid("Request.Method", "must not be null or empty");
        }

        if (auditEvent.Fields is { } fields)
        {
            foreach (var field in fields)
            {
                if (field is null)
                {
                    throw Invalid("Fields", "must not contain null entries");
                }
            }
        }
    }

    private static ArgumentException Invalid(string field, string rule) =>
        new($"The audit event is invalid: AuditEvent.{field} {rule}.", ParameterName);
}
