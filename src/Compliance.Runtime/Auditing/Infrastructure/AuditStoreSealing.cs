using Compliance.Runtime.Auditing.Chain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Auditing.Infrastructure;

/// <summary>
/// What a store in another assembly (SQLite, PostgreSQL) needs from the configured seal, without
/// reaching into the runtime's internals: the sealing step every store's writes go through
/// (checkpoint chaining, and signatures in place of HMAC seals when an asymmetric key is
/// configured), and the keys its verifier checks seals with.
/// </summary>
public static class AuditStoreSealing
{
    /// <summary>
    /// Wraps <paramref name="store"/> in the sealing step configured by <c>AddAuditing()</c>. The result
    /// implements <see cref="ISharedAuditStore"/> when <paramref name="store"/> does.
    /// </summary>
    /// <param name="store">The store that keeps the records.</param>
    /// <param name="services">The application's services, where <c>AddAuditing()</c> registered the seal.</param>
    /// <returns>The store to register as <see cref="IAuditStore"/>.</returns>
    public static IAuditStore Seal(IAuditStore store, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(services);
        var sealer = services.GetRequiredService<AuditSealer>();
        return store is ISharedAuditStore shared ? new SharedSealingAuditStore(shared, sealer) : new SealingAuditStore(store, sealer);
    }

    /// <summary>
    /// The keys that verify what the configured seal writes, selected by key id, with the retired
    /// keys of <see cref="AuditOptions.RetiredSealKeyFiles"/> after a rotation.
    /// </summary>
    /// <param name="services">The application's services, where <c>AddAuditing()</c> registered the seal.</param>
    /// <returns>The verification keys.</returns>
    public static AuditSealKeySet VerificationKeys(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return SealKeys.VerificationKeys(
            services.GetRequiredService<AuditSealer>(),
            services.GetRequiredService<IOptions<AuditOptions>>().Value,
            AuditingComplianceBuilderExtensions.ContentRoot(services));
    }
}
