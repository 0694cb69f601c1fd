using System.Security.Cryptography;
using System.Text;

namespace Compliance.Runtime.Encryption;

/// <summary>
/// A key-encryption key held by the process, read from configuration, an environment variable or
/// a file outside the database. For development and single-node deployments; production systems
/// with a KMS implement <see cref="IKeyEncryptionKeyProvider"/> over it. Wrapping is AES-256-GCM:
/// <c>nonce (12) | wrapped key | tag (16)</c>.
/// </summary>
public sealed class LocalKeyEncryptionKeyProvider : IKeyEncryptionKeyProvider, IDisposable
{
    /// <summary>The KEK length in bytes.</summary>
    public const int KeyLength = 32;

    private const int NonceLength = 12;
    private const int TagLength = 16;
    private readonly AesGcm _aes;

    /// <summary>Creates the provider from raw key bytes (copied).</summary>
    /// <param name="keyEncryptionKey">Exactly 32 bytes.</param>
    public LocalKeyEncryptionKeyProvider(ReadOnlySpan<byte> keyEncryptionKey)
    {
        if (keyEncryptionKey.Length != KeyLength)
        {
            throw new ArgumentException("The key-encryption key must be 32 bytes.", nameof(keyEncryptionKey));
        }

        _aes = new AesGcm(keyEncryptionKey, TagLength);

        // The id names the KEK without revealing it: a hash under a fixed label.
        Span<byte> fingerprint = stackalloc byte[32];
        HMACSHA256.HashData(keyEncryptionKey, "compliance-runtime/kek-id"u8, fingerprint);
        CurrentKeyEncryptionKeyId = "local:" + Convert.ToHexStringLower(fingerprint[..8]);
    }

    /// <inheritdoc />
    public string CurrentKeyEncryptionKeyId { get; }

    /// <summary>
    /// Reads the KEK (base64, 32 bytes) from <paramref name="base64Key"/>, else the environment
    /// variable <paramref name="environmentVariable"/>, else the file <paramref name="filePath"/>,
    /// creating the file with a new random key when <paramref name="createFileIfMissing"/> (development).
    /// </summary>
    /// <param name="base64Key">The key itself, usually from a secret store through configuration.</param>
    /// <param name="environmentVariable">An environment variable holding the key.</param>
    /// <param name="filePath">A file holding the key (base64 or 32 raw bytes), readable by the service account only.</param>
    /// <param name="createFileIfMissing">Whether to create the file with a random key.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="InvalidOperationException">No source holds a valid key.</exception>
    public static LocalKeyEncryptionKeyProvider Load(string? base64Key, string? environmentVariable, string? filePath, bool createFileIfMissing)
    {
        if (!string.IsNullOrWhiteSpace(base64Key))
        {
            return FromBase64(base64Key, "Compliance:Encryption:KeyEncryptionKey");
        }

        var fromEnvironment = string.IsNullOrEmpty(environmentVariable) ? null : Environment.GetEnvironmentVariable(environmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return FromBase64(fromEnvironment, $"The environment variable {environmentVariable}");
        }

        if (!string.IsNullOrEmpty(filePath))
        {
            if (File.Exists(filePath))
            {
                var content = File.ReadAllBytes(filePath);
                try
                {
                    return content.Length == KeyLength ? new LocalKeyEncryptionKeyProvider(content) : FromBase64(Encoding.ASCII.GetString(content), "The key-encryption key file");
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(content);
                }
            }

            if (createFileIfMissing)
            {
                var key = RandomNumberGenerator.GetBytes(KeyLength);
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(filePath))!);
                    File.WriteAllText(filePath, Convert.ToBase64String(key));
                    if (!OperatingSystem.IsWindows())
                    {
                        File.SetUnixFileMode(filePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                    }

                    return new LocalKeyEncryptionKeyProvider(key);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                }
            }
        }

        throw new InvalidOperationException(
            "Field encryption needs a key-encryption key: set Compliance:Encryption:KeyEncryptionKey (base64, 32 bytes) from a secret store, "
            + "the environment variable named by KeyEncryptionKeyEnvironmentVariable, or KeyEncryptionKeyFile; or register an IKeyEncryptionKeyProvider for your KMS.");
    }

    /// <inheritdoc />
    public ValueTask<byte[]> WrapAsync(ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken = default)
    {
        var wrapped = new byte[NonceLength + dataKey.Length + TagLength];
        var output = wrapped.AsSpan();
        RandomNumberGenerator.Fill(output[..NonceLength]);
        _aes.Encrypt(output[..NonceLength], dataKey.Span, output.Slice(NonceLength, dataKey.Length), output[^TagLength..], associatedData.Span);
        return ValueTask.FromResult(wrapped);
    }

    /// <inheritdoc />
    public ValueTask<byte[]> UnwrapAsync(string keyEncryptionKeyId, ReadOnlyMemory<byte> wrappedKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken = default)
    {
        if (!string.Equals(keyEncryptionKeyId, CurrentKeyEncryptionKeyId, StringComparison.Ordinal))
        {
            throw new CryptographicException($"The data key was wrapped by key-encryption key '{keyEncryptionKeyId}', which is not the configured one ('{CurrentKeyEncryptionKeyId}').");
        }

        var input = wrappedKey.Span;
        if (input.Length < NonceLength + TagLength)
        {
            throw new CryptographicException("The wrapped data key is truncated.");
        }

        var key = new byte[input.Length - NonceLength - TagLength];
        _aes.Decrypt(input[..NonceLength], input[NonceLength..^TagLength], input[^TagLength..], key, associatedData.Span);
        return ValueTask.FromResult(key);
    }

    /// <inheritdoc />
    public void Dispose() => _aes.Dispose();

    private static LocalKeyEncryptionKeyProvider FromBase64(string text, string source)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        try
        {
            if (!Convert.TryFromBase64String(text.Trim(), buffer, out var written) || written != KeyLength)
            {
                throw new InvalidOperationException($"{source} must be base64 and decode to exactly 32 bytes.");
            }

            return new LocalKeyEncryptionKeyProvider(buffer.AsSpan(0, written));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }
}
