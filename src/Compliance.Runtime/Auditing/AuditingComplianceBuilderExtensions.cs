using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Files;
using Compliance.Runtime.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the audit trail.</summary>
public static class AuditingComplianceBuilderExtensions
{
    /// <summary>
    /// Adds the tamper-evident audit trail: <see cref="IAuditLog"/>, the background writer, the
    /// middleware that records <c>[Audited]</c> endpoints and, unless another <see cref="IAuditStore"/>
    /// is registered, the JSON Lines file store in <see cref="AuditOptions.Directory"/>. Options bind
    /// from <c>Compliance:Auditing</c> and are validated at startup (seal key present, retention at
    /// least six years).
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder AddAuditing(this ComplianceBuilder builder, Action<AuditOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, AuditOptionsValidation>());
        services.TryAddSingleton(static provider =>
        {
            var auditOptions = provider.GetRequiredService<IOptions<AuditOptions>>().Value;
            return new AuditSealKey(SealKeys.Load(auditOptions, ContentRoot(provider)));
        });
        services.TryAddSingleton<IAuditStore>(static provider =>
        {
            var auditOptions = provider.GetRequiredService<IOptions<AuditOptions>>().Value;
            var directory = Path.GetFullPath(auditOptions.Directory, ContentRoot(provider));
            return new FileAuditStore(directory, auditOptions.MaxFileSize, provider.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<IAuditVerifier>(static provider =>
        {
            var store = provider.GetRequiredService<IAuditStore>() as FileAuditStore
                ?? throw new InvalidOperationException("No IAuditVerifier is registered for the configured IAuditStore.");
            return new FileAuditVerifier(store.DirectoryPath, provider.GetRequiredService<AuditSealKey>().Key);
        });

        if (!services.Any(static d => d.ServiceType == typeof(AuditWriter)))
        {
            services.AddSingleton<AuditWriter>();
            services.AddSingleton<IAuditLog>(static provider => provider.GetRequiredService<AuditWriter>());
            services.AddSingleton<IHostedService>(static provider => provider.GetRequiredService<AuditWriter>());
            services.AddSingleton<AuditRejectionAggregator>();
            services.AddSingleton<IHostedService>(static provider => provider.GetRequiredService<AuditRejectionAggregator>());
        }

        return builder.AddMiddleware(CompliancePipelineStage.Auditing, "Auditing", static app => app.UseMiddleware<AuditMiddleware>());
    }

    private static string ContentRoot(IServiceProvider provider) =>
        provider.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory;
}
