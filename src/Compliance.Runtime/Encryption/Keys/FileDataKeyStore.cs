using System.Text.Json;
using System.Text.Json.Serialization;

namespace Compliance.Runtime.Encryption;

/// <summary>
/// Keeps wrapped keys in one JSON file, for development and single-node deployments. Writes go to
/// a temporary file that replaces the old one, so a crash never leaves a half-written ring. Use
/// the database store (<c>PersistEncryptionKeysToDbContext</c>) when several nodes share data.
/// </summary>
public sealed class FileDataKeyStore : IDataKeyStore
{
    private readonly string _path;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates the store.</summary>
    /// <param name="path">The file; created on the first write.</param>
    public FileDataKeyStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredDataKey>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public Task AddAsync(StoredDataKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ChangeAsync(keys => keys.Any(k => k.KeyId == key.KeyId)
            ? throw new InvalidOperationException($"Key {key.KeyId:x8} already exists.")
            : [.. keys, key], cancellationToken);
    }

    /// <inheritdoc />
    public Task UpdateStateAsync(StoredDataKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ChangeAsync(keys => keys.Any(k => k.KeyId == key.KeyId)
            ? [.. keys.Select(k => k.KeyId == key.KeyId ? k with { State = key.State, RetiredAt = key.RetiredAt, RevokedAt = key.RevokedAt, MetadataMac = key.MetadataMac } : k)]
            : throw new InvalidOperationException($"Key {key.KeyId:x8} does not exist."), cancellationToken);
    }

    private async Task ChangeAsync(Func<IReadOnlyList<StoredDataKey>, List<StoredDataKey>> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var keys = change(await ReadAsync(cancellationToken).ConfigureAwait(false));
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var temporary = _path + ".tmp";
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                await JsonSerializer.SerializeAsync(stream, keys, KeyFileJsonContext.Default.ListStoredDataKey, cancellationToken).ConfigureAwait(false);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, _path, overwrite: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyList<StoredDataKey>> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return [];
        }

        await using var stream = File.OpenRead(_path);
        return await JsonSerializer.DeserializeAsync(stream, KeyFileJsonContext.Default.ListStoredDataKey, cancellationToken).ConfigureAwait(false) ?? [];
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<StoredDataKey>))]
internal sealed partial class KeyFileJsonContext : JsonSerializerContext
{
}
