using Compliance.Runtime.Mfa;
using Compliance.Runtime.RateLimiting;
using Compliance.Runtime.Redis;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Shares the state of the compliance controls between instances through Redis.</summary>
public static class RedisComplianceBuilderExtensions
{
    /// <summary>
    /// Moves the per-process state of the controls to Redis, so several instances behind a load
    /// balancer act as one: sessions (<c>IDistributedCache</c>), the TOTP replay check, the tiered
    /// rate limits (one atomic script per decision, exact <c>Retry-After</c>) and the Data Protection
    /// keys (with a shared application name). While Redis is down, requests that need it answer 503
    /// (fail closed) and the <c>compliance-redis</c> health check is unhealthy; both recover when it
    /// is back. Options bind from <c>Compliance:Redis</c>, the configuration string included.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder UseRedis(this ComplianceBuilder builder, Action<RedisComplianceOptions>? configure = null) =>
        Register(builder, null, configure);

    /// <summary>As <see cref="UseRedis(ComplianceBuilder, Action{RedisComplianceOptions}?)"/>, connecting with a StackExchange.Redis configuration string.</summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="configuration">The StackExchange.Redis configuration string (it may hold a password: read it from a secret store, it is never logged).</param>
    /// <param name="configure">Adjusts the other options.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder UseRedis(this ComplianceBuilder builder, string configuration, Action<RedisComplianceOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        return Register(builder, null, options =>
        {
            options.Configuration = configuration;
            configure?.Invoke(options);
        });
    }

    /// <summary>
    /// As <see cref="UseRedis(ComplianceBuilder, Action{RedisComplianceOptions}?)"/>, on the
    /// application's own connection (which it keeps owning). Open it with <c>AbortOnConnectFail=false</c>
    /// and, for failing fast while disconnected, <c>BacklogPolicy.FailFast</c>.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="multiplexer">The connection.</param>
    /// <param name="configure">Adjusts the other options.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder UseRedis(this ComplianceBuilder builder, IConnectionMultiplexer multiplexer, Action<RedisComplianceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(multiplexer);
        return Register(builder, multiplexer, configure);
    }

    private static ComplianceBuilder Register(ComplianceBuilder builder, IConnectionMultiplexer? multiplexer, Action<RedisComplianceOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(static d => d.ServiceType == typeof(RedisConnection)))
        {
            throw new InvalidOperationException("UseRedis() was called twice: call it once, with the connection every control shares.");
        }

        var options = services.AddOptions<RedisComplianceOptions>().BindConfiguration(RedisComplianceOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        var external = multiplexer is not null;
        options.PostConfigure<IHostEnvironment>(static (o, environment) =>
        {
            o.ApplicationName ??= environment.ApplicationName;
            o.KeyPrefix ??= "compliance:" + o.ApplicationName + ":";
        });
        options.Validate(o => external || !string.IsNullOrWhiteSpace(o.Configuration), "Compliance:Redis:Configuration is required: pass a configuration string or a connection multiplexer to UseRedis(), or set it in configuration (from a secret store).")
            .Validate(o => external || string.IsNullOrWhiteSpace(o.Configuration) || IsValidConfiguration(o.Configuration), "Compliance:Redis:Configuration is not a valid StackExchange.Redis configuration string (its value is not shown: it may hold a password).")
            .Validate(static o => !string.IsNullOrWhiteSpace(o.ApplicationName), "Compliance:Redis:ApplicationName must not be empty: every instance of the application needs the same name.")
            .Validate(static o => !string.IsNullOrEmpty(o.KeyPrefix) && o.KeyPrefix.EndsWith(':') && !o.KeyPrefix.Any(char.IsWhiteSpace), "Compliance:Redis:KeyPrefix must end with ':' and contain no white space.")
            .Validate(static o => o.OperationTimeout >= TimeSpan.FromMilliseconds(100) && o.OperationTimeout <= TimeSpan.FromSeconds(30), "Compliance:Redis:OperationTimeout must be between 100 milliseconds and 30 seconds.")
            .ValidateOnStart();

        if (multiplexer is not null)
        {
            services.AddSingleton(new ExternalRedisMultiplexer(multiplexer));
        }

        services.AddSingleton(static provider => new RedisConnection(provider.GetRequiredService<IOptions<RedisComplianceOptions>>(), provider.GetService<ExternalRedisMultiplexer>()));

        // Sessions: the ticket store's IDistributedCache becomes Redis, on the shared connection.
        services.RemoveAll<IDistributedCache>();
        services.AddStackExchangeRedisCache(static _ => { });
        services.AddOptions<RedisCacheOptions>().Configure<RedisConnection>(static (cache, connection) =>
        {
            cache.ConnectionMultiplexerFactory = async () => await connection.GetAsync().ConfigureAwait(false);
            cache.InstanceName = connection.KeyPrefix + "cache:";
        });

        // Rate limits and account partitions shared by every instance.
        services.TryAddSingleton<RedisSharedSecret>();
        services.Replace(ServiceDescriptor.Singleton<IAccountPartitionSecret>(static provider => provider.GetRequiredService<RedisSharedSecret>()));
        services.Replace(ServiceDescriptor.Singleton<ITierLimiterFactory, RedisTierLimiterFactory>());

        // TOTP: a step accepted on one instance is refused on all.
        services.Replace(ServiceDescriptor.Singleton<ITotpReplayGuard, RedisTotpReplayGuard>());

        // Data Protection: one key ring and one application name for every instance (what
        // PersistKeysToStackExchangeRedis and SetApplicationName configure, on the shared connection).
        services.AddDataProtection();
        services.AddOptions<DataProtectionOptions>().Configure<IOptions<RedisComplianceOptions>>(static (dataProtection, redis) =>
            dataProtection.ApplicationDiscriminator = redis.Value.ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<RedisConnection, IOptions<RedisComplianceOptions>>(static (keys, connection, redis) =>
        {
            if (redis.Value.PersistDataProtectionKeys)
            {
                keys.XmlRepository = new RedisXmlRepository(connection.Database, connection.KeyPrefix + "dataprotection-keys");
            }
        });

        // Fail closed, visibly.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, RedisFailureStartupFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionHandler, RedisFailureExceptionHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeveloperPageExceptionFilter, RedisFailureDeveloperPageFilter>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, tags: ["compliance", "redis"]);
        return builder;
    }

    private static bool IsValidConfiguration(string configuration)
    {
        try
        {
            return ConfigurationOptions.Parse(configuration).EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
