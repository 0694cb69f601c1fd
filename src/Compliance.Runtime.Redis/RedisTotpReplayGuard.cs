using System.Security.Cryptography;
using System.Text;
using Compliance.Runtime.Mfa;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Compliance.Runtime.Redis;

/// <summary>
/// The last accepted TOTP time step of each user, in Redis: one atomic script raises it only when
/// the new step is later, so a code accepted by one instance is refused by every other, even when
/// their MFA stores lag behind each other. Kept only while a code of that step could still be
/// accepted (the step, the allowed drift either side, and one period of margin).
/// </summary>
internal sealed class RedisTotpReplayGuard(RedisConnection connection, IOptions<TotpOptions> options) : ITotpReplayGuard
{
    // KEYS[1] the user's last step; ARGV step, lifetime (ms). Returns 1 when claimed, 0 for a replay.
    internal const string ClaimScript = """
        local last = tonumber(redis.call('GET', KEYS[1]))
        local step = tonumber(ARGV[1])
        if last and step <= last then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    public async ValueTask<bool> TryClaimAsync(string userId, long step, CancellationToken cancellationToken)
    {
        var totp = options.Value;
        var lifetime = (long)(totp.Period.TotalMilliseconds * ((2 * totp.AllowedDriftSteps) + 2));
        RedisKey key = connection.KeyPrefix + "totp-step:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId)).AsSpan(0, 16));
        var database = await connection.DatabaseAsync().ConfigureAwait(false);
        var claimed = await database.ScriptEvaluateAsync(ClaimScript, [key], [step, lifetime]).ConfigureAwait(false);
        return (long)claimed == 1;
    }
}
