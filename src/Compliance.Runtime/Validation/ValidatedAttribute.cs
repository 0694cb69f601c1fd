namespace Compliance.Runtime;

/// <summary>
/// Request bodies of the endpoint (or of every endpoint of the controller) are validated strictly
/// before the handler runs: DataAnnotations and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>,
/// recursively; unknown JSON members are rejected. Failures answer 400 ProblemDetails naming the
/// field without echoing the submitted value. For minimal APIs use the <c>.Validated()</c> convention.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class ValidatedAttribute : Attribute
{
}
