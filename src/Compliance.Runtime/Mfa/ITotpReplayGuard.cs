namespace Compliance.Runtime.Mfa;

/// <summary>
/// Claims a user's TOTP time step once across every instance, before the <see cref="IMfaStore"/>
/// compare-and-set: the store alone protects only the instances that share its record at the
/// moment of the check (for example in-memory stores, or a replica read). Registered by a shared
/// store such as Compliance.Runtime.Redis; without one, the store's compare-and-set is the guard.
/// </summary>
internal interface ITotpReplayGuard
{
    /// <summary>Records <paramref name="step"/> as the user's last used step unless it, or a later one, already is.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="step">The time step of the code being accepted.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>False when this step or a later one was claimed before (a replay).</returns>
    ValueTask<bool> TryClaimAsync(string userId, long step, CancellationToken cancellationToken);
}
