namespace Compliance.Runtime;

/// <summary>
/// The property is stored encrypted with field-level envelope encryption (AES-256-GCM, keys from
/// the key ring), bound to its table and column (HIPAA 164.312(a)(2)(iv)). The EF Core integration
/// applies it through a value converter and, for <c>string</c> and <c>byte[]</c> properties of
/// entities whose key is known before insert (client-generated <c>Guid</c> keys, or keys the
/// application sets), binds each value to its row as well (see <see cref="BindToRow"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class EncryptedAttribute : Attribute
{
    /// <summary>
    /// Whether the EF Core integration binds the value to its row's primary key where it can
    /// (default true), so a ciphertext moved to another row fails to read with
    /// <c>EnvelopeAuthenticationException</c>. Set false to bind to the column only, for example
    /// for a column other tools rewrite by key-less bulk updates.
    /// </summary>
    public bool BindToRow { get; set; } = true;
}
