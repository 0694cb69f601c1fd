namespace Compliance.Runtime.Auditing.Infrastructure;

/// <summary>
/// The loaded seal key, registered by <c>AddAuditing()</c> (kept out of options so it is read once
/// and never logged). Stores and verifiers in other assemblies resolve it to check seals.
/// </summary>
public sealed class AuditSealKey
{
    /// <summary>Creates the holder.</summary>
    /// <param name="key">The HMAC-SHA256 seal key, at least 32 bytes.</param>
    public AuditSealKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
    }

    /// <summary>The key bytes. Never log or persist them next to the trail.</summary>
    public byte[] Key { get; }
}
