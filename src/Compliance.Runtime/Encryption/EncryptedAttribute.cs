namespace Compliance.Runtime;

/// <summary>
/// The property is stored encrypted with field-level envelope encryption (AES-256-GCM, keys from
/// the key ring), bound to its table and column (HIPAA 164.312(a)(2)(iv)). The EF Core integration
/// applies it through a value converter.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class EncryptedAttribute : Attribute
{
}
