namespace Compliance.Runtime.Sessions;

/// <summary>
/// Ends server-side sessions. A revoked session fails on its very next request, whichever node
/// serves it (the session store is shared through <c>IDistributedCache</c>).
/// </summary>
public interface ISessionRevoker
{
    /// <summary>Revokes one session.</summary>
    /// <param name="sessionId">The session's id, as found in the <c>sid</c> claim of its user.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the revocation is stored.</returns>
    Task RevokeAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Revokes every session of a user started until now (after a password change, a lost device, offboarding).</summary>
    /// <param name="userId">The user's stable id (the <c>sub</c> or name-identifier claim).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the revocation is stored.</returns>
    Task RevokeAllAsync(string userId, CancellationToken cancellationToken = default);
}

/// <summary>Claims and item keys of secure sessions.</summary>
public static class SecureSessionDefaults
{
    /// <summary>The claim holding the current session's id (usable with <see cref="ISessionRevoker.RevokeAsync"/>).</summary>
    public const string SessionIdClaimType = "sid";
}
