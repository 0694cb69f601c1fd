namespace Compliance.Runtime;

/// <summary>
/// Settings shared by every compliance feature. Bound from the <c>Compliance</c> configuration
/// section when present, then adjusted by the delegate passed to <c>AddCompliance</c>.
/// </summary>
public sealed class ComplianceOptions
{
    /// <summary>The configuration section read by <c>AddCompliance</c>.</summary>
    public const string SectionName = "Compliance";

    /// <summary>
    /// The service name written into every audit record. When null the host's application name
    /// is used.
    /// </summary>
    public string? ServiceName { get; set; }

    /// <summary>
    /// When true, <c>VerifyComplianceControls()</c> refuses to start the application if an
    /// endpoint that handles PHI lacks auditing, rate limiting or (when it accepts a body)
    /// validation. When false (the default) such endpoints are logged as warnings at startup.
    /// </summary>
    public bool RequireControlsOnAllPhiEndpoints { get; set; }
}
