using Microsoft.AspNetCore.Builder;

namespace Compliance.Runtime.Pipeline;

/// <summary>
/// A middleware registration collected by <c>ComplianceBuilder.AddMiddleware</c> and applied by
/// <c>app.UseCompliance()</c> in <see cref="Stage"/> order.
/// </summary>
/// <param name="Stage">Where the middleware runs.</param>
/// <param name="Name">A stable name for duplicate detection and diagnostics.</param>
/// <param name="Configure">Adds the middleware to the pipeline.</param>
public sealed record ComplianceMiddleware(CompliancePipelineStage Stage, string Name, Action<IApplicationBuilder> Configure);
