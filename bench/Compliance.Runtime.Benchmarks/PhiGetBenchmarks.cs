using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Compliance.Runtime;
using Compliance.Runtime.Auditing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Compliance.Runtime.Benchmarks;

public sealed class PatientView
{
    public int Id { get; set; }

    [Phi(Category = "name")]
    public string FullName { get; set; } = "";

    [Phi(Category = "dob")]
    public DateOnly DateOfBirth { get; set; }
}

/// <summary>
/// A PHI GET through the test host: a bare endpoint against the same endpoint behind the whole
/// control stack (security headers, rate limit, validation, audit). Buffered auditing measures the
/// CPU cost of the controls; acknowledged auditing adds the durable write (fsync, group commit).
/// </summary>
[MemoryDiagnoser]
public class PhiGetBenchmarks
{
    private readonly List<string> _directories = [];
    private WebApplication _bare = null!;
    private WebApplication _buffered = null!;
    private WebApplication _acknowledged = null!;
    private HttpClient _bareClient = null!;
    private HttpClient _bufferedClient = null!;
    private HttpClient _acknowledgedClient = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _bare = await StartAsync(controls: null);
        _buffered = await StartAsync(AuditDurability.Buffered);
        _acknowledged = await StartAsync(AuditDurability.Acknowledged);
        _bareClient = _bare.GetTestClient();
        _bufferedClient = _buffered.GetTestClient();
        _acknowledgedClient = _acknowledged.GetTestClient();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _bare.DisposeAsync();
        await _buffered.DisposeAsync();
        await _acknowledged.DisposeAsync();
        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Benchmark(Baseline = true)]
    public Task<string> BareEndpoint() => _bareClient.GetStringAsync("/patients/42");

    [Benchmark]
    public Task<string> FullStack_BufferedAudit() => _bufferedClient.GetStringAsync("/patients/42");

    [Benchmark]
    public Task<string> FullStack_AcknowledgedAudit() => _acknowledgedClient.GetStringAsync("/patients/42");

    private async Task<WebApplication> StartAsync(AuditDurability? controls)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        if (controls is { } durability)
        {
            var directory = Path.Combine(Path.GetTempPath(), "compliance-bench", Guid.NewGuid().ToString("N"));
            _directories.Add(directory);
            builder.Services.AddCompliance()
                .AddAuditing(o =>
                {
                    o.Directory = directory;
                    o.SealKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                    o.Durability = durability;
                })
                .AddRateLimiting(o => o.Tier(RateLimitTier.Standard, 1_000_000_000, TimeSpan.FromMinutes(1)))
                .AddValidation()
                .AddSecurityHeaders();
        }

        var app = builder.Build();
        app.UseRouting();
        if (controls is not null)
        {
            app.UseCompliance();
        }

        var endpoint = app.MapGet("/patients/{id:int}", (int id) => new PatientView { Id = id, FullName = "Ada Example", DateOfBirth = new DateOnly(1980, 1, 2) });
        if (controls is not null)
        {
            endpoint.Audited(resourceType: "Patient").RateLimited().Validated();
        }

        await app.StartAsync();
        return app;
    }
}
