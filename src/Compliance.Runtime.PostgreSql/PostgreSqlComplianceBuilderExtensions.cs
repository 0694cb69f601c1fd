using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Infrastructure;
using Compliance.Runtime.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs Compliance.Runtime on PostgreSQL, for several instances behind a load balancer.</summary>
public static class PostgreSqlComplianceBuilderExtensions
{
    /// <summary>
    /// The one call per engine: the audit trail (<see cref="PostgreSqlAuditStore"/> and its verifier),
    /// the field-encryption key ring and the MFA enrolments (the EF Core stores) in PostgreSQL, and the
    /// <c>compliance-postgresql</c> health check. Call it with <c>AddAuditing()</c>,
    /// <c>AddFieldEncryption()</c> and <c>AddMfa()</c>, in any order. Options bind from
    /// <c>Compliance:PostgreSql</c> and are validated at startup. The schema is created by
    /// <see cref="PostgreSqlComplianceSchema.MigrateAsync(NpgsqlDataSource, PostgreSqlMigrationOptions?, CancellationToken)"/>
    /// (an explicit step), or at startup with <see cref="PostgreSqlComplianceOptions.MigrateOnStart"/>.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="connectionString">The Npgsql connection string of the application's role.</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder UsePostgreSql(this ComplianceBuilder builder, string connectionString, Action<PostgreSqlComplianceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        AddDataSource(builder.Services, _ => new CompliancePostgreSqlDataSource(NpgsqlDataSource.Create(connectionString), owned: true));
        return UsePostgreSqlCore(builder, configure);
    }

    /// <summary>As <see cref="UsePostgreSql(ComplianceBuilder, string, Action{PostgreSqlComplianceOptions}?)"/>, over the application's own data source (not disposed by the compliance stores).</summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="dataSource">The data source of the application's role.</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder UsePostgreSql(this ComplianceBuilder builder, NpgsqlDataSource dataSource, Action<PostgreSqlComplianceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        AddDataSource(builder.Services, _ => new CompliancePostgreSqlDataSource(dataSource, owned: false));
        return UsePostgreSqlCore(builder, configure);
    }

    /// <summary>
    /// Stores the audit trail in PostgreSQL (<see cref="PostgreSqlAuditStore"/> and its verifier) and adds the
    /// <c>compliance-postgresql</c> health check. Call it with <c>AddAuditing()</c>, in either order.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="connectionString">The Npgsql connection string of the application's role.</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder AddPostgreSqlAuditStore(this ComplianceBuilder builder, string connectionString, Action<PostgreSqlComplianceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        AddDataSource(builder.Services, _ => new CompliancePostgreSqlDataSource(NpgsqlDataSource.Create(connectionString), owned: true));
        return AddAuditStoreCore(builder, configure);
    }

    /// <summary>As <see cref="AddPostgreSqlAuditStore(ComplianceBuilder, string, Action{PostgreSqlComplianceOptions}?)"/>, over the <see cref="NpgsqlDataSource"/> registered in the container (for example by <c>AddNpgsqlDataSource</c>).</summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder AddPostgreSqlAuditStore(this ComplianceBuilder builder, Action<PostgreSqlComplianceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddDataSource(builder.Services, static provider => new CompliancePostgreSqlDataSource(
            provider.GetService<NpgsqlDataSource>() ?? throw new InvalidOperationException("AddPostgreSqlAuditStore() without a connection string needs an NpgsqlDataSource registered in the container."),
            owned: false));
        return AddAuditStoreCore(builder, configure);
    }

    private static ComplianceBuilder UsePostgreSqlCore(ComplianceBuilder builder, Action<PostgreSqlComplianceOptions>? configure)
    {
        AddAuditStoreCore(builder, configure);
        builder.Services.AddDbContext<CompliancePostgreSqlDbContext>(static (provider, options) => options
            .UseNpgsql(provider.GetRequiredService<CompliancePostgreSqlDataSource>().DataSource)
            .ReplaceService<IModelCacheKeyFactory, SchemaModelCacheKeyFactory>());
        builder.PersistEncryptionKeysToDbContext<CompliancePostgreSqlDbContext>();
        builder.PersistMfaToDbContext<CompliancePostgreSqlDbContext>();
        return builder;
    }

    private static ComplianceBuilder AddAuditStoreCore(ComplianceBuilder builder, Action<PostgreSqlComplianceOptions>? configure)
    {
        var services = builder.Services;
        var options = services.AddOptions<PostgreSqlComplianceOptions>().BindConfiguration(PostgreSqlComplianceOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlComplianceOptions>, PostgreSqlComplianceOptionsValidation>());
        services.Replace(ServiceDescriptor.Singleton<IAuditStore>(static provider =>
        {
            var settings = provider.GetRequiredService<IOptions<PostgreSqlComplianceOptions>>().Value;
            var store = new PostgreSqlAuditStore(provider.GetRequiredService<CompliancePostgreSqlDataSource>().DataSource, settings.Schema, settings.Chain);
            return AuditStoreSealing.Seal(store, provider);
        }));
        services.Replace(ServiceDescriptor.Singleton<IAuditVerifier>(static provider =>
        {
            var settings = provider.GetRequiredService<IOptions<PostgreSqlComplianceOptions>>().Value;
            return new PostgreSqlAuditVerifier(
                provider.GetRequiredService<CompliancePostgreSqlDataSource>().DataSource,
                new AuditVerificationOptions { Keys = AuditStoreSealing.VerificationKeys(provider) },
                settings.Schema,
                settings.Chain);
        }));

        if (!services.Any(static d => d.ServiceType == typeof(PostgreSqlHealthCheck)))
        {
            services.AddSingleton<PostgreSqlHealthCheck>();
            services.AddHealthChecks().AddCheck<PostgreSqlHealthCheck>(PostgreSqlHealthCheck.Name, tags: ["compliance"]);

            // First of all hosted services, so an opted-in migration runs before the audit writer opens the store.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, PostgreSqlMigrationService>());
        }

        return builder;
    }

    private static void AddDataSource(IServiceCollection services, Func<IServiceProvider, CompliancePostgreSqlDataSource> factory)
    {
        if (services.Any(static d => d.ServiceType == typeof(CompliancePostgreSqlDataSource)))
        {
            throw new InvalidOperationException("The PostgreSQL compliance stores are already configured: call UsePostgreSql or AddPostgreSqlAuditStore once.");
        }

        services.AddSingleton(factory);
    }
}
