using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Infrastructure;
using Compliance.Runtime.Auditing.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Stores the audit trail in SQLite instead of JSON Lines files.</summary>
public static class SqliteAuditingComplianceBuilderExtensions
{
    /// <summary>
    /// Uses <see cref="SqliteAuditStore"/> (and its verifier) for the audit trail. Call it together with
    /// <c>AddAuditing()</c>, in either order.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="connectionString">The SQLite connection string, for example <c>Data Source=audit.db</c>.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder AddSqliteAuditStore(this ComplianceBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        builder.Services.Replace(ServiceDescriptor.Singleton<IAuditStore>(provider =>
            AuditStoreSealing.Seal(new SqliteAuditStore(connectionString), provider)));
        builder.Services.Replace(ServiceDescriptor.Singleton<IAuditVerifier>(provider =>
            new SqliteAuditVerifier(connectionString, new AuditVerificationOptions { Keys = AuditStoreSealing.VerificationKeys(provider) })));
        return builder;
    }
}
