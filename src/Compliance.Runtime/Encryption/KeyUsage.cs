namespace Compliance.Runtime.Encryption;

/// <summary>
/// Values encrypted outside the entity columns (TOTP secrets today) that the key health check must
/// see: a retired key still used by them must be reported before someone revokes it.
/// </summary>
internal interface IKeyUsageSource
{
    /// <summary>What holds the values, for the health report (for example "MFA secrets").</summary>
    string Name { get; }

    /// <summary>Counts the values per key id.</summary>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>Values per key id.</returns>
    Task<IReadOnlyDictionary<uint, int>> CountByKeyAsync(CancellationToken cancellationToken);
}
