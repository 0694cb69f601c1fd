using System.Security.Cryptography;
using Compliance.Runtime;
using Compliance.Runtime.Redaction;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers redaction.</summary>
public static class RedactionComplianceBuilderExtensions
{
    /// <summary>
    /// Redacts logs in two layers, both writing <see cref="Redact.Marker"/>. The platform's:
    /// <c>Microsoft.Extensions.Compliance.Redaction</c> with <see cref="MarkerRedactor"/> for
    /// <see cref="HipaaTaxonomy"/> (and as the fallback for every other taxonomy), and
    /// <c>EnableRedaction()</c>, so <c>[LoggerMessage]</c> parameters and <c>[LogProperties]</c>
    /// members with a classification attribute are redacted by the logging source generator. On
    /// top of it, every logger of the application replaces values whose type holds classified data
    /// (directly, nested or in collections, and objects whose content cannot be known) and values
    /// of the configured <see cref="RedactionOptions.ClassifiedNames"/> with
    /// <see cref="Redact.Marker"/>, in the properties and in the rendered message, and passes
    /// exceptions on with redacted messages. Also sets the key of <see cref="Redact.Hash"/> from
    /// <c>Compliance:Redaction</c>, and registers this application's <see cref="KeyedRedact"/> under
    /// the same key. Call it after logging is configured.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder AddRedaction(this ComplianceBuilder builder, Action<RedactionOptions>? configure = null)
        => builder.AddRedaction(configure, configureRedactors: null);

    /// <summary>
    /// <see cref="AddRedaction(ComplianceBuilder, Action{RedactionOptions}?)"/>, with the platform's
    /// redactors adjusted by <paramref name="configureRedactors"/> after the defaults: for example
    /// <c>r =&gt; r.SetHmacRedactor(o =&gt; ..., new DataClassificationSet(HipaaTaxonomy.Pii))</c> for
    /// keyed pseudonyms of PII, or a redactor for the application's own taxonomy.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <param name="configureRedactors">Maps classifications to the platform's redactors.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder AddRedaction(this ComplianceBuilder builder, Action<RedactionOptions>? configure, Action<IRedactionBuilder>? configureRedactors)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<RedactionOptions>().BindConfiguration(RedactionOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(static d => d.ServiceType == typeof(LogStateRedactor)))
        {
            return builder;
        }

        // The platform's layer: what the logging source generator redacts ([LoggerMessage] and
        // [LogProperties] with classification attributes) goes through these redactors. The marker
        // is the default for every taxonomy, so both layers write the same [REDACTED]; an
        // application maps its own classifications (or PII to HMAC pseudonyms) to other redactors.
        services.AddRedaction(redaction =>
        {
            redaction.SetRedactor<MarkerRedactor>(HipaaTaxonomy.All);
            redaction.SetFallbackRedactor<MarkerRedactor>();
            configureRedactors?.Invoke(redaction);
        });
        services.AddLogging(static logging => logging.EnableRedaction());

        // The layer on top: structured state, nested objects and exceptions, which the platform
        // leaves as they are. It wraps whatever logger factory is registered now (the platform's
        // extended one after EnableRedaction).
        services.TryAddSingleton<ClassificationInspector>();
        services.TryAddSingleton<LogStateRedactor>();
        services.AddSingleton<RedactionKeyInitializer>();
        services.TryAddSingleton(static provider => provider.GetRequiredService<RedactionKeyInitializer>().Apply());
        services.AddSingleton<IHostedService>(static provider => provider.GetRequiredService<RedactionKeyInitializer>());

        var factory = services.LastOrDefault(static d => d.ServiceType == typeof(ILoggerFactory));
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider =>
        {
            _ = provider.GetRequiredService<RedactionKeyInitializer>().Apply();
            var inner = factory switch
            {
                { ImplementationFactory: { } create } => (ILoggerFactory)create(provider),
                { ImplementationInstance: ILoggerFactory instance } => instance,
                { ImplementationType: { } type } when type != typeof(LoggerFactory) => (ILoggerFactory)ActivatorUtilities.CreateInstance(provider, type),
                _ => new LoggerFactory(
                    provider.GetServices<ILoggerProvider>(),
                    provider.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
                    provider.GetService<IOptions<LoggerFactoryOptions>>(),
                    provider.GetService<IExternalScopeProvider>()),
            };
            return new RedactingLoggerFactory(inner, provider.GetRequiredService<LogStateRedactor>(), provider.GetRequiredService<IOptions<RedactionOptions>>().Value.ExceptionMessages);
        }));
        return builder;
    }

    /// <summary>Applies the <see cref="Redact.Hash"/> key as soon as logging is built, and again at host start.</summary>
    private sealed class RedactionKeyInitializer(IOptions<RedactionOptions> options, IHostEnvironment? environment = null) : IHostedService
    {
        private readonly Lock _gate = new();
        private KeyedRedact? _keyed;

        /// <summary>Loads the key once: this application's <see cref="KeyedRedact"/>, and the process-wide <see cref="Redact.Hash"/> key.</summary>
        public KeyedRedact Apply()
        {
            lock (_gate)
            {
                return _keyed ??= Create();
            }
        }

        private KeyedRedact Create()
        {
            var configured = !string.IsNullOrWhiteSpace(options.Value.HashKey) || !string.IsNullOrWhiteSpace(options.Value.HashKeyFile);
            var key = LoadKey(options.Value, environment?.ContentRootPath ?? AppContext.BaseDirectory);
            try
            {
                if (configured)
                {
                    Redact.UseHashKey(key);
                }
                else
                {
                    Redact.UseHashKeyIfUnset(key);
                }

                return new KeyedRedact(key);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = Apply();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private static byte[] LoadKey(RedactionOptions options, string contentRoot)
        {
            if (!string.IsNullOrWhiteSpace(options.HashKey))
            {
                return Decode(options.HashKey) ?? throw new InvalidOperationException("Compliance:Redaction:HashKey must be base64 and decode to at least 32 bytes.");
            }

            if (!string.IsNullOrWhiteSpace(options.HashKeyFile))
            {
                var content = File.ReadAllBytes(Path.GetFullPath(options.HashKeyFile, contentRoot));
                return Decode(System.Text.Encoding.ASCII.GetString(content)) ?? (content.Length >= 32 ? content : throw new InvalidOperationException("The redaction hash key file must hold at least 32 bytes (raw or base64)."));
            }

            // No configured key: pseudonyms correlate within this process only, and are never reversible.
            return RandomNumberGenerator.GetBytes(32);
        }

        private static byte[]? Decode(string text)
        {
            var buffer = new byte[(text.Length * 3 / 4) + 3];
            return Convert.TryFromBase64String(text.Trim(), buffer, out var written) && written >= 32 ? buffer[..written] : null;
        }
    }
}
