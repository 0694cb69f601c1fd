using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Compliance.Runtime.Redis;

/// <summary>
/// The one connection multiplexer of the scale-out: the application's own when it passed one to
/// <c>UseRedis</c>, else one opened from <see cref="RedisComplianceOptions.Configuration"/> on first
/// use. An opened connection does not abort when the server is down (requests fail closed and the
/// connection reconnects in the background) and fails commands at once while disconnected instead
/// of queueing them.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable, IDisposable
{
    private readonly IConnectionMultiplexer? _external;
    private readonly RedisComplianceOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnectionMultiplexer? _owned;

    public RedisConnection(IOptions<RedisComplianceOptions> options, ExternalRedisMultiplexer? external = null)
    {
        _options = options.Value;
        _external = external?.Multiplexer;
        KeyPrefix = _options.KeyPrefix!;
    }

    /// <summary>The prefix of every key (ends with a colon).</summary>
    public string KeyPrefix { get; }

    public async ValueTask<IConnectionMultiplexer> GetAsync()
    {
        if (_external is not null)
        {
            return _external;
        }

        if (Volatile.Read(ref _owned) is { } owned)
        {
            return owned;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return _owned ??= await ConnectionMultiplexer.ConnectAsync(ConfigurationOf(_options)).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<IDatabase> DatabaseAsync() => (await GetAsync().ConfigureAwait(false)).GetDatabase();

    /// <summary>For the synchronous callers (the Data Protection key repository).</summary>
    public IDatabase Database()
    {
        if (_external is not null)
        {
            return _external.GetDatabase();
        }

        if (Volatile.Read(ref _owned) is { } owned)
        {
            return owned.GetDatabase();
        }

        _gate.Wait();
        try
        {
            return (_owned ??= ConnectionMultiplexer.Connect(ConfigurationOf(_options))).GetDatabase();
        }
        finally
        {
            _gate.Release();
        }
    }

    internal static ConfigurationOptions ConfigurationOf(RedisComplianceOptions options)
    {
        var configuration = ConfigurationOptions.Parse(options.Configuration!);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        var timeout = (int)options.OperationTimeout.TotalMilliseconds;
        configuration.SyncTimeout = timeout;
        configuration.AsyncTimeout = timeout;
        configuration.ConnectTimeout = Math.Max(timeout, 1000);
        configuration.ReconnectRetryPolicy = new LinearRetry(1000);
        return configuration;
    }

    public void Dispose()
    {
        _owned?.Dispose();
        _gate.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned is not null)
        {
            await _owned.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }
}

/// <summary>The multiplexer an application passed to <c>UseRedis</c>; the application owns and disposes it.</summary>
internal sealed class ExternalRedisMultiplexer(IConnectionMultiplexer multiplexer)
{
    public IConnectionMultiplexer Multiplexer { get; } = multiplexer;
}
