using Compliance.Runtime.Encryption;
using Compliance.Runtime.EntityFrameworkCore;
using Compliance.Runtime.Mfa;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Stores of Compliance.Runtime in the application's EF Core database.</summary>
public static class EntityFrameworkComplianceBuilderExtensions
{
    /// <summary>
    /// Keeps the field-encryption key ring (wrapped keys) in <typeparamref name="TContext"/>'s
    /// <c>compliance_data_keys</c> table. The context must be registered (<c>AddDbContext</c>) and its
    /// schema created before the host starts (migrations or <c>EnsureCreated</c>).
    /// </summary>
    /// <typeparam name="TContext">The application's context.</typeparam>
    /// <param name="builder">The compliance builder.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder PersistEncryptionKeysToDbContext<TContext>(this ComplianceBuilder builder)
        where TContext : DbContext, IComplianceKeyStoreContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IDataKeyStore, EntityFrameworkDataKeyStore<TContext>>());
        return builder;
    }

    /// <summary>Keeps MFA enrolments in <typeparamref name="TContext"/>'s <c>compliance_mfa</c> table.</summary>
    /// <typeparam name="TContext">The application's context.</typeparam>
    /// <param name="builder">The compliance builder.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder PersistMfaToDbContext<TContext>(this ComplianceBuilder builder)
        where TContext : DbContext, IComplianceMfaContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IMfaStore, EntityFrameworkMfaStore<TContext>>());
        return builder;
    }
}
