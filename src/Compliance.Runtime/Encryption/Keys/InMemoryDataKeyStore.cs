using System.Collections.Concurrent;

namespace Compliance.Runtime.Encryption;

/// <summary>Keeps keys in memory: for tests only (the keys, and every value encrypted under them, are lost on restart).</summary>
public sealed class InMemoryDataKeyStore : IDataKeyStore
{
    private readonly ConcurrentDictionary<uint, StoredDataKey> _keys = new();

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredDataKey>> GetAllAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredDataKey>>([.. _keys.Values]);

    /// <inheritdoc />
    public Task AddAsync(StoredDataKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _keys.TryAdd(key.KeyId, key)
            ? Task.CompletedTask
            : throw new InvalidOperationException($"Key {key.KeyId:x8} already exists.");
    }

    /// <inheritdoc />
    public Task UpdateStateAsync(StoredDataKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_keys.ContainsKey(key.KeyId))
        {
            throw new InvalidOperationException($"Key {key.KeyId:x8} does not exist.");
        }

        _keys[key.KeyId] = key;
        return Task.CompletedTask;
    }
}
