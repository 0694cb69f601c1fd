using System.Buffers.Text;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Compliance.Runtime.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace Compliance.Runtime.Redis;

/// <summary>
/// One random 256-bit key shared by every instance, for the keyed hashes that name rate-limit
/// partitions in Redis (so no user id, address or account name is stored in clear) and that turn
/// user names into account partitions (so one account has one partition on every instance).
/// The first instance to need it generates it; it is stored in Redis only as a Data Protection
/// payload, so reading Redis alone does not give it away when the key ring is protected at rest
/// (<c>ProtectKeysWith…</c>). Cached for a minute; a read while Redis is down fails (closed) and is
/// tried again on the next request.
/// </summary>
internal sealed class RedisSharedSecret(RedisConnection connection, IDataProtectionProvider dataProtection) : IAccountPartitionSecret
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Compliance.Runtime.Redis.SharedSecret.v1");
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);
    private volatile Cached? _cached;

    public async ValueTask<byte[]> GetAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        if (cached is not null && Stopwatch.GetElapsedTime(cached.ReadAt) < RefreshInterval)
        {
            return cached.Key;
        }

        // Re-read now and then: should Redis lose its data, the first instance to notice stores the
        // key it has (or a new one) and every other instance adopts what is stored within a minute.
        var database = await connection.DatabaseAsync().ConfigureAwait(false);
        RedisKey name = connection.KeyPrefix + "secret";
        var stored = await database.StringGetAsync(name).ConfigureAwait(false);
        if (stored.IsNull)
        {
            var candidate = _protector.Protect(cached?.Key ?? RandomNumberGenerator.GetBytes(32));
            await database.StringSetAsync(name, candidate, when: When.NotExists).ConfigureAwait(false);
            stored = await database.StringGetAsync(name).ConfigureAwait(false);
            if (stored.IsNull)
            {
                throw new RedisException("The shared secret of the Redis scale-out could not be stored.");
            }
        }

        var key = _protector.Unprotect((byte[])stored!);
        if (key.Length != 32)
        {
            throw new CryptographicException("The shared secret of the Redis scale-out has an unexpected length.");
        }

        _cached = new Cached(key, Stopwatch.GetTimestamp());
        return key;
    }

    /// <summary>A Redis key naming <paramref name="value"/> by its keyed hash.</summary>
    public async ValueTask<string> NameAsync(string kind, string value, CancellationToken cancellationToken)
    {
        var key = await GetAsync(cancellationToken).ConfigureAwait(false);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value), mac);
        return connection.KeyPrefix + kind + ":" + Base64Url.EncodeToString(mac[..18]);
    }

    private sealed record Cached(byte[] Key, long ReadAt);
}
