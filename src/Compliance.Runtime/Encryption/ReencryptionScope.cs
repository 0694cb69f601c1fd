namespace Compliance.Runtime.Encryption;

/// <summary>
/// Marks the current asynchronous flow as a re-encryption job. Inside a scope, every decryption
/// that needs re-encryption is counted (so a job that reads through an ORM's value converters can
/// tell which rows to write back), and, when the scope allows it, values under revoked keys can be
/// read. Outside a scope a revoked key never decrypts.
/// </summary>
public sealed class ReencryptionScope : IDisposable
{
    private static readonly AsyncLocal<ReencryptionScope?> CurrentScope = new();
    private readonly ReencryptionScope? _parent;
    private int _pending;
    private int _revokedReads;

    private ReencryptionScope(bool allowRevokedKeys)
    {
        AllowRevokedKeys = allowRevokedKeys;
        _parent = CurrentScope.Value;
        CurrentScope.Value = this;
    }

    /// <summary>Whether values under revoked keys may be read in this scope.</summary>
    public bool AllowRevokedKeys { get; }

    /// <summary>Decryptions since the last <see cref="Reset"/> whose key was not the active one.</summary>
    public int PendingValues => Volatile.Read(ref _pending);

    /// <summary>Values read under a revoked key in this scope.</summary>
    public int RevokedKeyReads => Volatile.Read(ref _revokedReads);

    internal static ReencryptionScope? Current => CurrentScope.Value;

    /// <summary>Starts a scope; dispose it when the job ends.</summary>
    /// <param name="allowRevokedKeys">Whether values under revoked keys may be read (to move them to the active key).</param>
    /// <returns>The scope.</returns>
    public static ReencryptionScope Begin(bool allowRevokedKeys = false) => new(allowRevokedKeys);

    /// <summary>Sets <see cref="PendingValues"/> back to zero (call before reading the next row).</summary>
    public void Reset() => Volatile.Write(ref _pending, 0);

    /// <inheritdoc />
    public void Dispose()
    {
        if (CurrentScope.Value == this)
        {
            CurrentScope.Value = _parent;
        }
    }

    internal void RecordPending() => Interlocked.Increment(ref _pending);

    internal void RecordRevokedRead() => Interlocked.Increment(ref _revokedReads);
}
