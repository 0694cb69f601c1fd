using System.Globalization;
using System.Threading.RateLimiting;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.RateLimiting;

/// <summary>
/// Plugs the tiers into ASP.NET Core's rate-limiting middleware: a partitioned global limiter
/// reads <see cref="RateLimitedAttribute"/> from the endpoint (the framework's
/// <c>EnableRateLimitingAttribute</c> is sealed) and partitions by tier and caller. An application
/// global limiter, if any, is chained after ours. Idle partitions are evicted by the framework's
/// partitioned limiter once their limiter reports an idle duration (all history expired).
/// </summary>
internal sealed class TieredRateLimiterSetup(IOptions<RateLimitingOptions> tiers, ITierLimiterFactory limiters, AuditRejectionAggregator rejections) : IPostConfigureOptions<RateLimiterOptions>
{
    public void PostConfigure(string? name, RateLimiterOptions options)
    {
        var limits = tiers.Value.Tiers;
        var prefixLength = tiers.Value.IPv6PrefixLength;
        var tiered = PartitionedRateLimiter.Create<HttpContext, TierPartition>(context =>
        {
            var tier = context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedAttribute>()?.Tier;
            if (tier is not { } t || !limits.TryGetValue(t, out var limit))
            {
                return RateLimitPartition.GetNoLimiter(default(TierPartition));
            }

            return RateLimitPartition.Get(new TierPartition(t, CallerKey(context, prefixLength)), partition => CreateLimiter(partition, limit));
        });

        // The account limit of the credential tiers, beside the caller limit: both apply.
        var accounts = PartitionedRateLimiter.Create<HttpContext, TierPartition>(context =>
        {
            var tier = context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedAttribute>()?.Tier;
            if (tier is not { } t || !IsCredentialTier(t) || !limits.TryGetValue(t, out var limit)
                || context.Features.Get<AccountPartitionFeature>()?.Key is not { } account)
            {
                return RateLimitPartition.GetNoLimiter(default(TierPartition));
            }

            return RateLimitPartition.Get(new TierPartition(t, account), partition => CreateLimiter(partition, limit));
        });

        PartitionedRateLimiter<HttpContext> ours = PartitionedRateLimiter.CreateChained(tiered, accounts);
        options.GlobalLimiter = options.GlobalLimiter is { } application ? PartitionedRateLimiter.CreateChained(ours, application) : ours;
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        var applicationOnRejected = options.OnRejected;
        options.OnRejected = (context, cancellationToken) => OnRejectedAsync(context, applicationOnRejected, prefixLength, cancellationToken);
    }

    /// <summary>The authenticated user's id, else the client's network: per-user limits survive address changes, anonymous callers share per IPv4 address or IPv6 prefix.</summary>
    internal static string CallerKey(HttpContext context, int ipv6PrefixLength = ClientPartition.DefaultIPv6PrefixLength) =>
        ClientPartition.Of(context, ipv6PrefixLength);

    internal static bool IsCredentialTier(RateLimitTier tier) => tier is RateLimitTier.Authentication or RateLimitTier.PasswordReset;

    internal static RateLimitAlgorithm AlgorithmOf(RateLimitTier tier, RateLimitTierOptions limit) =>
        limit.Algorithm ?? (IsCredentialTier(tier) ? RateLimitAlgorithm.SlidingLog : RateLimitAlgorithm.Gcra);

    private RateLimiter CreateLimiter(TierPartition partition, RateLimitTierOptions limit) =>
        limiters.Create(partition.Tier, partition.Caller, AlgorithmOf(partition.Tier, limit), limit);

    private async ValueTask OnRejectedAsync(OnRejectedContext context, Func<OnRejectedContext, CancellationToken, ValueTask>? application, int prefixLength, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var seconds = 0L;
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            // Whole seconds, rounded up: a client that waits exactly this long is admitted.
            seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        // One record per caller and minute with the count: a flood of 429s must not grow the trail at request rate.
        var auditEvent = AuditEvent.Rejection(AuditActions.RateLimitRejected, http, StatusCodes.Status429TooManyRequests, "rate_limited");
        await rejections.RecordAsync(auditEvent, CallerKey(http, prefixLength)).ConfigureAwait(false);

        if (application is not null)
        {
            await application(context, cancellationToken).ConfigureAwait(false);
            return;
        }

        await ProblemResponses.WriteAsync(http, new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests.",
            Detail = seconds > 0 ? $"The rate limit of this endpoint was reached. Retry after {seconds} seconds." : "The rate limit of this endpoint was reached.",
        }).ConfigureAwait(false);
    }

    internal readonly record struct TierPartition(RateLimitTier Tier, string Caller);
}
