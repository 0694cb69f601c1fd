namespace Compliance.Runtime.Headers;

/// <summary>
/// Registered by <c>AddSecurityHeaders()</c>: its options are already bound to configuration, so
/// <c>UseSecurityHeaders()</c> must not bind the section a second time.
/// </summary>
internal sealed class SecurityHeadersRegistration;
