using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Compliance.Runtime.Auditing;

/// <summary>
/// Reports the audit log: <c>Unhealthy</c> while it cannot make records durable (the store failed
/// and has not yet accepted its recovery probes, a store call is stalled, or the writer stopped),
/// because audited endpoints then answer 503. Registered as <c>compliance-audit</c>.
/// </summary>
internal sealed class AuditHealthCheck(AuditWriter writer) : IHealthCheck
{
    public const string Name = "compliance-audit";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (writer.IsDead)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The audit writer stopped after an internal failure; audited endpoints answer 503 until the application restarts."));
        }

        return Task.FromResult(writer.IsAvailable
            ? HealthCheckResult.Healthy("The audit log is accepting records.")
            : HealthCheckResult.Unhealthy("The audit store cannot make records durable; audited endpoints answer 503."));
    }
}
