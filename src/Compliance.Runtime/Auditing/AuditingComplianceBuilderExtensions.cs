using Compliance.Runtime.Auditing;
using Compliance.Runtime.Auditing.Chain;
using Compliance.Runtime.Auditing.Files;
using Compliance.Runtime.Auditing.Infrastructure;
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
    /// Adds the tamper-evident audit trail: <see cref="IAuditLog"/> (replacing the no-op
    /// <see cref="NullAuditLog"/>), the background writer, the <c>compliance-audit</c> health check, the
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

            // With an asymmetric seal key the writer's HMAC seals are replaced by signatures before
            // they are stored, so the key it computes them with is a throwaway that never leaves the process.
            return new AuditSealKey(string.IsNullOrWhiteSpace(auditOptions.SealPrivateKeyFile)
                ? SealKeys.Load(auditOptions, ContentRoot(provider))
                : System.Security.Cryptography.RandomNumberGenerator.GetBytes(SealKeys.MinimumLength));
        });
        services.TryAddSingleton<AuditSealer>(static provider =>
        {
            var auditOptions = provider.GetRequiredService<IOptions<AuditOptions>>().Value;
            return string.IsNullOrWhiteSpace(auditOptions.SealPrivateKeyFile)
                ? new HmacAuditSealer(auditOptions.SealKeyId, provider.GetRequiredService<AuditSealKey>().Key)
                : new EcdsaAuditSealer(auditOptions.SealKeyId, SealKeys.LoadPrivateKeyPem(auditOptions, ContentRoot(provider)));
        });
        services.TryAddSingleton<IAuditStore>(static provider =>
        {
            var auditOptions = provider.GetRequiredService<IOptions<AuditOptions>>().Value;
            var directory = Path.GetFullPath(auditOptions.Directory, ContentRoot(provider));
            return new SealingAuditStore(
                new FileAuditStore(directory, auditOptions.MaxFileSize, provider.GetRequiredService<TimeProvider>()),
                provider.GetRequiredService<AuditSealer>());
        });
        services.TryAddSingleton<IAuditVerifier>(static provider =>
        {
            var store = provider.GetRequiredService<IAuditStore>();
            var fileStore = (store as SealingAuditStore)?.Inner as FileAuditStore ?? store as FileAuditStore
                ?? throw new InvalidOperationException("No IAuditVerifier is registered for the configured IAuditStore.");
            var keys = SealKeys.VerificationKeys(provider.GetRequiredService<AuditSealer>(), provider.GetRequiredService<IOptions<AuditOptions>>().Value, ContentRoot(provider));
            return new FileAuditVerifier(fileStore.DirectoryPath, new AuditVerificationOptions { Keys = keys });
        });

        if (!services.Any(static d => d.ServiceType == typeof(AuditWriter)))
        {
            // IAuditLog is the only door to the writer: the no-op registered by AddCompliance() gives way to it.
            for (var i = services.Count - 1; i >= 0; i--)
            {
                if (services[i].ServiceType == typeof(IAuditLog) && ReferenceEquals(services[i].ImplementationInstance, NullAuditLog.Instance))
                {
                    services.RemoveAt(i);
                }
            }

            services.AddSingleton<AuditWriter>();
            services.AddSingleton<IAuditLog>(static provider => provider.GetRequiredService<AuditWriter>());
            services.AddSingleton<IHostedService>(static provider => provider.GetRequiredService<AuditWriter>());
            services.AddHealthChecks().AddCheck<AuditHealthCheck>(AuditHealthCheck.Name, tags: ["compliance"]);

            // Registered after the writer, so it stops first and its last counts reach a running writer.
            services.AddSingleton<IHostedService>(static provider => provider.GetRequiredService<AuditRejectionAggregator>());
        }

        return builder.AddMiddleware(CompliancePipelineStage.Auditing, "Auditing", static app => app.UseMiddleware<AuditMiddleware>());
    }

    internal static string ContentRoot(IServiceProvider provider) =>
        provider.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory;
}
