namespace Compliance.Runtime;

/// <summary>
/// Marks a method whose return value no longer contains the classified data passed to it (a
/// masking or pseudonymising helper of the application). The data-flow rules treat calls to it
/// as sanitizers. Mark only methods that really remove the data: the analyzers trust it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class RedactsAttribute : Attribute
{
}
