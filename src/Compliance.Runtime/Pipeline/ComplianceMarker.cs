namespace Compliance.Runtime.Pipeline;

/// <summary>Registered by <c>AddCompliance</c>; <c>UseCompliance</c> checks for it to fail fast when the services are missing.</summary>
internal sealed class ComplianceMarker
{
}
