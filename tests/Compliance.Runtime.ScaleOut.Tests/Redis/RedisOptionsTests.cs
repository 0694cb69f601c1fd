using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.ScaleOut.Tests.Redis;

/// <summary>Bad settings stop the start with the key named and the configuration string (and its password) never repeated. No server needed.</summary>
public sealed class RedisOptionsTests
{
    [Theory]
    [InlineData("127.0.0.1:6379,password=hunter2-secret,notakeyword=1", "Compliance:Redis:Configuration is not a valid")]
    [InlineData("127.0.0.1:6379,password=hunter2-secret", "Compliance:Redis:OperationTimeout")]
    public async Task InvalidOptions_FailTheStart_WithoutShowingThePassword(string configuration, string expected)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddCompliance().AddRateLimiting().UseRedis(configuration, o => o.OperationTimeout = expected.Contains("Timeout", StringComparison.Ordinal) ? TimeSpan.FromMinutes(5) : TimeSpan.FromSeconds(2));
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingConfiguration_FailsWithTheKeyToSet()
    {
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ApplicationName = "x", EnvironmentName = "Production" });
        services.AddCompliance().UseRedis();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<Compliance.Runtime.Redis.RedisComplianceOptions>>().Value);
        Assert.Contains("Compliance:Redis:Configuration is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CallingUseRedisTwice_Throws()
    {
        var compliance = new ServiceCollection().AddCompliance().UseRedis("127.0.0.1:6379");
        Assert.Throws<InvalidOperationException>(() => compliance.UseRedis("127.0.0.1:6379"));
    }
}
