using System.Security.Cryptography;
using Compliance.Runtime;
using Compliance.Runtime.Redaction;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers redaction.</summary>
public static class RedactionComplianceBuilderExtensions
{
    /// <summary>
    /// Redacts structured logs: every logger of the application replaces values whose type has
    /// <see cref="PhiAttribute"/>/<see cref="PiiAttribute"/> members (directly, nested or in
    /// collections, and objects whose content cannot be known) and values of the configured
    /// <see cref="RedactionOptions.ClassifiedNames"/> with <see cref="Redact.Marker"/>, in the
    /// properties and in the rendered message. Also sets the key of <see cref="Redact.Hash"/>
    /// from <c>Compliance:Redaction</c>. Call it after logging is configured.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder AddRedaction(this ComplianceBuilder builder, Action<RedactionOptions>? configure = null)
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

        services.AddLogging();
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
        private Redactor? _redactor;

        /// <summary>Loads the key once: this application's <see cref="Redactor"/>, and the process-wide <see cref="Redact.Hash"/> key.</summary>
        public Redactor Apply()
        {
            lock (_gate)
            {
                return _redactor ??= Create();
            }
        }

        private Redactor Create()
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

                return new Redactor(key);
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
