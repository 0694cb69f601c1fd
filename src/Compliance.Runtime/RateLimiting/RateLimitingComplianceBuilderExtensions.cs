using Compliance.Runtime;
using Compliance.Runtime.Pipeline;
using Compliance.Runtime.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers tiered rate limiting.</summary>
public static class RateLimitingComplianceBuilderExtensions
{
    /// <summary>
    /// Limits endpoints marked <c>[RateLimited(tier)]</c> / <c>.RateLimited(tier)</c> per caller
    /// (user id, else IPv4 address or IPv6 /64) on ASP.NET Core's rate-limiting middleware, and the
    /// Authentication and PasswordReset tiers per submitted account as well. Rejections answer
    /// 429 with an exact <c>Retry-After</c>, a ProblemDetails body and a <c>ratelimit.rejected</c>
    /// audit event. Options bind from <c>Compliance:RateLimiting</c> and are validated at startup.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="configure">Adjusts the tiers.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder AddRateLimiting(this ComplianceBuilder builder, Action<RateLimitingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(static o => o.Tiers.Values.All(static t => t.PermitLimit > 0 && t.Window > TimeSpan.Zero), "Every Compliance:RateLimiting tier needs a positive PermitLimit and Window.")
            .Validate(static o => Enum.GetValues<RateLimitTier>().All(o.Tiers.ContainsKey), "Compliance:RateLimiting must define every tier.")
            .Validate(static o => o.IPv6PrefixLength is >= 32 and <= 128, "Compliance:RateLimiting:IPv6PrefixLength must be between 32 and 128.")
            .Validate(static o => o.MaxAccountBodySize is > 0 and <= 1024 * 1024, "Compliance:RateLimiting:MaxAccountBodySize must be between 1 byte and 1 MiB.")
            .ValidateOnStart();
        services.AddRateLimiter(static _ => { });
        services.TryAddSingleton<AccountPartition>();
        services.TryAddSingleton<IAccountPartitionSecret, ProcessAccountPartitionSecret>();
        services.TryAddSingleton<ITierLimiterFactory, InProcessTierLimiterFactory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<RateLimiterOptions>, TieredRateLimiterSetup>());
        return builder.AddMiddleware(CompliancePipelineStage.RateLimiting, "RateLimiting", static app =>
        {
            app.UseMiddleware<AccountPartitionMiddleware>();
            app.UseRateLimiter();
        });
    }
}
