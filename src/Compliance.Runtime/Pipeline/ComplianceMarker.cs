namespace Compliance.Runtime.Pipeline;

/// <summary>
/// Registered by <c>AddCompliance</c>; <c>UseCompliance</c> checks for it to fail fast when the
/// services are missing, and records on it that the middleware is in the pipeline, which the
/// startup check of endpoint controls reads.
/// </summary>
internal sealed class ComplianceMarker
{
    /// <summary>True once <c>UseCompliance()</c> has added the middleware.</summary>
    public bool PipelineAdded { get; set; }
}
