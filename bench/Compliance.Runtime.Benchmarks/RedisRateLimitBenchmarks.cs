using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;
using Compliance.Runtime;
using Compliance.Runtime.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Compliance.Runtime.Benchmarks;

/// <summary>
/// One rate-limit decision as the middleware takes it (synchronous attempt, then the asynchronous
/// acquire when the attempt cannot decide) through the tiered global limiter: counted in process
/// against counted in Redis (<c>UseRedis</c>), for both algorithms. Needs a Redis server at
/// COMPLIANCE_TEST_REDIS or 127.0.0.1:63790 (tools/ci/servers.sh start). Limits are set so high that
/// every request is admitted: the cost of an admission is what every request pays.
/// </summary>
[MemoryDiagnoser]
public class RedisRateLimitBenchmarks
{
    private static readonly string RedisConfiguration =
        Environment.GetEnvironmentVariable("COMPLIANCE_TEST_REDIS") is { Length: > 0 } redis ? redis : "127.0.0.1:63790";

    private readonly string _prefix = "compliance-bench:" + Guid.NewGuid().ToString("N") + ":";
    private ServiceProvider _inProcess = null!;
    private ServiceProvider _redis = null!;
    private PartitionedRateLimiter<HttpContext> _inProcessLimiter = null!;
    private PartitionedRateLimiter<HttpContext> _redisLimiter = null!;
    private DefaultHttpContext _gcraRequest = null!;
    private DefaultHttpContext _slidingLogRequest = null!;

    [GlobalSetup]
    public void Setup()
    {
        _inProcess = Build(redis: false);
        _redis = Build(redis: true);
        _inProcessLimiter = _inProcess.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;
        _redisLimiter = _redis.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;
        _gcraRequest = Request(RateLimitTier.Standard);
        _slidingLogRequest = Request(RateLimitTier.Admin);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        using (var connection = ConnectionMultiplexer.Connect(RedisConfiguration))
        {
            foreach (var endpoint in connection.GetEndPoints())
            {
                foreach (var key in connection.GetServer(endpoint).Keys(pattern: _prefix + "*"))
                {
                    connection.GetDatabase().KeyDelete(key);
                }
            }
        }

        _inProcess.Dispose();
        _redis.Dispose();
    }

    [Benchmark(Baseline = true, Description = "in process, GCRA")]
    public ValueTask<bool> InProcessGcra() => DecideAsync(_inProcessLimiter, _gcraRequest);

    [Benchmark(Description = "in process, sliding log")]
    public ValueTask<bool> InProcessSlidingLog() => DecideAsync(_inProcessLimiter, _slidingLogRequest);

    [Benchmark(Description = "Redis, GCRA")]
    public ValueTask<bool> RedisGcra() => DecideAsync(_redisLimiter, _gcraRequest);

    [Benchmark(Description = "Redis, sliding log")]
    public ValueTask<bool> RedisSlidingLog() => DecideAsync(_redisLimiter, _slidingLogRequest);

    private static async ValueTask<bool> DecideAsync(PartitionedRateLimiter<HttpContext> limiter, HttpContext context)
    {
        var lease = limiter.AttemptAcquire(context);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            lease = await limiter.AcquireAsync(context).ConfigureAwait(false);
        }

        using (lease)
        {
            return lease.IsAcquired;
        }
    }

    private ServiceProvider Build(bool redis)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<IHostEnvironment>(new BenchmarkEnvironment());
        var compliance = services.AddCompliance().AddRateLimiting(o =>
        {
            // Standard counts by GCRA, Admin here by sliding log; a one-second window keeps the log short.
            o.Tier(RateLimitTier.Standard, 1_000_000_000, TimeSpan.FromMinutes(1));
            o.Tiers[RateLimitTier.Admin] = new RateLimitTierOptions { PermitLimit = 1_000_000_000, Window = TimeSpan.FromSeconds(1), Algorithm = RateLimitAlgorithm.SlidingLog };
        });
        if (redis)
        {
            compliance.UseRedis(RedisConfiguration, o => o.KeyPrefix = _prefix);
        }

        return services.BuildServiceProvider();
    }

    private static DefaultHttpContext Request(RateLimitTier tier)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("192.0.2.10");
        context.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(new RateLimitedAttribute(tier)), "benchmark"));
        return context;
    }

    private sealed class BenchmarkEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";

        public string ApplicationName { get; set; } = "Compliance.Runtime.Benchmarks";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
