using Compliance.Runtime.Encryption;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers field encryption.</summary>
public static class FieldEncryptionComplianceBuilderExtensions
{
    /// <summary>
    /// Adds field encryption: <see cref="IFieldEncryptor"/>, <see cref="IBlindIndexer"/> and
    /// <see cref="IKeyRing"/>, a hosted service that loads the ring at startup and reloads it
    /// periodically, and the <c>compliance-key-rotation</c> health check. Options bind from
    /// <c>Compliance:Encryption</c>. Unless registered already, the key-encryption key comes from
    /// <see cref="LocalKeyEncryptionKeyProvider"/> (configuration, environment variable or file) and
    /// the keys are kept in <see cref="FieldEncryptionOptions.KeyStoreFile"/>; register your own
    /// <see cref="IKeyEncryptionKeyProvider"/> (KMS) and <see cref="IDataKeyStore"/> (for example
    /// <c>PersistEncryptionKeysToDbContext</c>) for production.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder AddFieldEncryption(this ComplianceBuilder builder, Action<FieldEncryptionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<FieldEncryptionOptions>().BindConfiguration(FieldEncryptionOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(static o => o.RotationPeriod > TimeSpan.Zero && o.ReloadInterval > TimeSpan.Zero && o.UnknownKeyReloadThrottle >= TimeSpan.Zero && o.UnknownKeyReloadWait >= TimeSpan.Zero, "Compliance:Encryption: RotationPeriod and ReloadInterval must be positive; UnknownKeyReloadThrottle and UnknownKeyReloadWait must not be negative.")
            .ValidateOnStart();

        services.TryAddSingleton<IKeyEncryptionKeyProvider>(static provider =>
        {
            var o = provider.GetRequiredService<IOptions<FieldEncryptionOptions>>().Value;
            var file = string.IsNullOrEmpty(o.KeyEncryptionKeyFile) ? null : Path.GetFullPath(o.KeyEncryptionKeyFile, ContentRoot(provider));
            return LocalKeyEncryptionKeyProvider.Load(o.KeyEncryptionKey, o.KeyEncryptionKeyEnvironmentVariable, file, o.CreateKeyEncryptionKeyFileIfMissing);
        });
        services.TryAddSingleton<IDataKeyStore>(static provider =>
        {
            var o = provider.GetRequiredService<IOptions<FieldEncryptionOptions>>().Value;
            return string.IsNullOrEmpty(o.KeyStoreFile)
                ? throw new InvalidOperationException("Field encryption needs a key store: call PersistEncryptionKeysToDbContext<TContext>() (Compliance.Runtime.EntityFrameworkCore), set Compliance:Encryption:KeyStoreFile, or register an IDataKeyStore.")
                : new FileDataKeyStore(Path.GetFullPath(o.KeyStoreFile, ContentRoot(provider)));
        });
        services.TryAddSingleton<KeyRing>();
        services.TryAddSingleton<IKeyRing>(static provider => provider.GetRequiredService<KeyRing>());
        services.TryAddSingleton<IFieldEncryptor, FieldEncryptor>();
        services.TryAddSingleton<IBlindIndexer, BlindIndexer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, KeyRingRefresher>());
        if (!services.Any(static d => d.ServiceType == typeof(KeyRotationHealthCheck)))
        {
            services.AddSingleton<KeyRotationHealthCheck>();
            services.AddHealthChecks().AddCheck<KeyRotationHealthCheck>(KeyRotationHealthCheck.Name, tags: ["compliance"]);
        }

        return builder;
    }

    private static string ContentRoot(IServiceProvider provider) =>
        provider.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory;
}
