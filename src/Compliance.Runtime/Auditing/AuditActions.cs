namespace Compliance.Runtime.Auditing;

/// <summary>The action names of the audit taxonomy. Use them so reports and alerts can rely on stable names.</summary>
public static class AuditActions
{
    /// <summary>PHI was read.</summary>
    public const string PhiRead = "phi.read";

    /// <summary>PHI was created.</summary>
    public const string PhiCreate = "phi.create";

    /// <summary>PHI was changed.</summary>
    public const string PhiUpdate = "phi.update";

    /// <summary>PHI was deleted.</summary>
    public const string PhiDelete = "phi.delete";

    /// <summary>PHI was exported in bulk.</summary>
    public const string PhiExport = "phi.export";

    /// <summary>A sign-in succeeded.</summary>
    public const string SignInSucceeded = "auth.login.succeeded";

    /// <summary>A sign-in failed (wrong credentials, locked out, unknown user).</summary>
    public const string SignInFailed = "auth.login.failed";

    /// <summary>A user signed out.</summary>
    public const string SignOut = "auth.logout";

    /// <summary>A second factor was verified.</summary>
    public const string MfaSucceeded = "auth.mfa.succeeded";

    /// <summary>A second factor was rejected (wrong or replayed code).</summary>
    public const string MfaFailed = "auth.mfa.failed";

    /// <summary>A second factor was enrolled.</summary>
    public const string MfaEnrolled = "auth.mfa.enrolled";

    /// <summary>A second factor was removed.</summary>
    public const string MfaRemoved = "auth.mfa.removed";

    /// <summary>A session ended because it was idle or reached its absolute lifetime.</summary>
    public const string SessionTimedOut = "session.timeout";

    /// <summary>A session entry could not be read (corrupt or foreign bytes); it was treated as no session and removed.</summary>
    public const string SessionCorrupt = "session.corrupt";

    /// <summary>A session was revoked.</summary>
    public const string SessionRevoked = "session.revoked";

    /// <summary>An encryption key was rotated.</summary>
    public const string KeyRotated = "key.rotated";

    /// <summary>An encryption key was revoked.</summary>
    public const string KeyRevoked = "key.revoked";

    /// <summary>A request was rejected by a rate limit.</summary>
    public const string RateLimitRejected = "ratelimit.rejected";

    /// <summary>A request body was rejected by validation.</summary>
    public const string ValidationRejected = "validation.rejected";

    /// <summary>An unsafe request failed the CSRF check.</summary>
    public const string CsrfRejected = "csrf.rejected";

    /// <summary>
    /// A probe record the audit writer commits after a store failure; the log becomes available
    /// again only once such probes are durable, and they mark the outage in the trail.
    /// </summary>
    public const string AuditStoreProbe = "audit.store.probe";

    /// <summary>
    /// The action for an audited endpoint that does not name one: <see cref="PhiRead"/> for GET,
    /// HEAD and OPTIONS, <see cref="PhiCreate"/> for POST, <see cref="PhiDelete"/> for DELETE and
    /// <see cref="PhiUpdate"/> otherwise.
    /// </summary>
    /// <param name="httpMethod">The request's HTTP method.</param>
    /// <returns>The action name.</returns>
    public static string ForHttpMethod(string httpMethod)
    {
        ArgumentNullException.ThrowIfNull(httpMethod);
        if (HttpMethodsEqual(httpMethod, "GET") || HttpMethodsEqual(httpMethod, "HEAD") || HttpMethodsEqual(httpMethod, "OPTIONS"))
        {
            return PhiRead;
        }

        if (HttpMethodsEqual(httpMethod, "POST"))
        {
            return PhiCreate;
        }

        return HttpMethodsEqual(httpMethod, "DELETE") ? PhiDelete : PhiUpdate;
    }

    private static bool HttpMethodsEqual(string left, string right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);
}
