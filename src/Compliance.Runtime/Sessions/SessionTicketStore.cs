using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Compliance.Runtime.Auditing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Sessions;

/// <summary>
/// Server-side session tickets on <see cref="IDistributedCache"/>. The cookie carries only a
/// random 256-bit session key; the cache entry is named by its hash (the public session id), so a
/// dump of the cache yields no usable cookie. Idle and absolute timeouts and revocation are
/// enforced here, on every request, because the cookie handler only re-issues a cookie after
/// half its lifetime. Every renewal moves the ticket to a new key, so a session key never
/// survives a sign-in (session fixation).
/// </summary>
internal sealed class SessionTicketStore : ITicketStore, ISessionRevoker
{
    internal const string SigningInItem = "Compliance.Sessions.SigningIn";
    internal const string RotatedKeyItem = "Compliance.Sessions.RotatedKey";
    private const byte RecordVersion = 1;
    private const string SessionPrefix = "cr:session:";
    private const string UserPrefix = "cr:session-user:";
    private static readonly TimeSpan CacheMargin = TimeSpan.FromMinutes(5);

    private readonly IDistributedCache _cache;
    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly SecureSessionOptions _options;
    private readonly IAuditLog _audit;

    public SessionTicketStore(IDistributedCache cache, IDataProtectionProvider dataProtection, TimeProvider time, IOptions<SecureSessionOptions> options, IAuditLog audit)
    {
        _cache = cache;
        _protector = dataProtection.CreateProtector("Compliance.Runtime.Sessions.Ticket.v1");
        _time = time;
        _options = options.Value;
        _audit = audit;
    }

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) => StoreAsync(ticket, null!, cancellationToken);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var key = NewSessionKey();
        await WriteAsync(key, new SessionRecord(now, now, now + _options.AbsoluteTimeout, UserId(ticket.Principal), ticket), cancellationToken).ConfigureAwait(false);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) => RenewAsync(key, ticket, null!, cancellationToken);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        // The handler renews the key it read from the request: at a sign-in over an existing
        // session (aspnetcore #47503) or a requested refresh. Either way the ticket moves to a new
        // key and the old key dies; the protected cookie is rewritten with the new key by
        // RotatingTicketDataFormat. A refresh keeps the session's clocks; a sign-in starts new ones.
        var now = _time.GetUtcNow();
        var (previous, _) = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
        var signingIn = httpContext?.Items.ContainsKey(SigningInItem) == true || previous is null;
        var record = signingIn || previous is null
            ? new SessionRecord(now, now, now + _options.AbsoluteTimeout, UserId(ticket.Principal), ticket)
            : previous with { Ticket = ticket, LastSeen = now };
        var newKey = NewSessionKey();
        await WriteAsync(newKey, record, cancellationToken).ConfigureAwait(false);
        await _cache.RemoveAsync(CacheKey(key), cancellationToken).ConfigureAwait(false);
        if (httpContext is not null)
        {
            httpContext.Items[RotatedKeyItem] = (key, newKey);
        }
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken) => RetrieveAsync(key, null!, cancellationToken);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var (record, corrupt) = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
        if (corrupt)
        {
            await EndCorruptSessionAsync(key, httpContext, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (record is null)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        string? ended = null;
        if (now >= record.AbsoluteExpiry)
        {
            ended = "absolute_timeout";
        }
        else if (now - record.LastSeen > _options.IdleTimeout)
        {
            ended = "idle_timeout";
        }
        else if (await RevokedForUserAsync(record, cancellationToken).ConfigureAwait(false))
        {
            await _cache.RemoveAsync(CacheKey(key), cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (ended is not null)
        {
            await _cache.RemoveAsync(CacheKey(key), cancellationToken).ConfigureAwait(false);
            await AuditAsync(AuditActions.SessionTimedOut, AuditResult.Success, AuditActor.FromPrincipal(record.Ticket.Principal), SessionId(key), ended, httpContext, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (now - record.LastSeen >= _options.ActivityWriteInterval)
        {
            await WriteAsync(key, record with { LastSeen = now }, cancellationToken).ConfigureAwait(false);
        }

        var ticket = record.Ticket;
        if (ticket.Principal.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == SecureSessionDefaults.SessionIdClaimType))
        {
            identity.AddClaim(new Claim(SecureSessionDefaults.SessionIdClaimType, SessionId(key)));
        }

        return ticket;
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => RemoveAsync(key, null!, cancellationToken);

    public Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken) =>
        _cache.RemoveAsync(CacheKey(key), cancellationToken);

    public async Task RevokeAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        await _cache.RemoveAsync(SessionPrefix + sessionId, cancellationToken).ConfigureAwait(false);
        await AuditAsync(AuditActions.SessionRevoked, AuditResult.Success, null, sessionId, "revoked", null, cancellationToken).ConfigureAwait(false);
    }

    public async Task RevokeAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var marker = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(marker, _time.GetUtcNow().UtcTicks);
        await _cache.SetAsync(UserKey(userId), marker, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = _options.AbsoluteTimeout + CacheMargin }, cancellationToken).ConfigureAwait(false);
        await AuditAsync(AuditActions.SessionRevoked, AuditResult.Success, null, null, "all_sessions_of_user", null, cancellationToken, new AuditResource("user", userId)).ConfigureAwait(false);
    }

    /// <summary>The public id of a session: a hash of its secret key, safe to show, log and revoke by.</summary>
    internal static string SessionId(string key) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(key)));

    private static string CacheKey(string key) => SessionPrefix + SessionId(key);

    private static string UserKey(string userId) =>
        UserPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId)).AsSpan(0, 16));

    private static string NewSessionKey() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static string? UserId(ClaimsPrincipal principal) =>
        principal.FindFirst("sub")?.Value ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value;

    private async Task<bool> RevokedForUserAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        if (record.UserId is null)
        {
            return false;
        }

        var marker = await _cache.GetAsync(UserKey(record.UserId), cancellationToken).ConfigureAwait(false);
        return marker is { Length: 8 } && record.CreatedAt.UtcTicks <= BinaryPrimitives.ReadInt64BigEndian(marker);
    }

    private async Task WriteAsync(string key, SessionRecord record, CancellationToken cancellationToken)
    {
        var remaining = record.AbsoluteExpiry - _time.GetUtcNow();
        var entry = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = (remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero) + CacheMargin };
        await _cache.SetAsync(CacheKey(key), Serialize(record), entry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The session under <paramref name="key"/>; Corrupt when an entry exists but cannot be read as one.</summary>
    private async Task<(SessionRecord? Record, bool Corrupt)> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var bytes = await _cache.GetAsync(CacheKey(key), cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return (null, false);
        }

        var record = Deserialize(bytes);
        return (record, record is null);
    }

    /// <summary>
    /// An unreadable entry is no session: the entry and the cookie naming it are removed (the
    /// request goes on unauthenticated, so a protected endpoint answers 401), and the event is
    /// recorded, since corrupt or foreign bytes in the session cache can mean tampering.
    /// </summary>
    private async Task EndCorruptSessionAsync(string key, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        await _cache.RemoveAsync(CacheKey(key), cancellationToken).ConfigureAwait(false);
        if (httpContext is { Response.HasStarted: false })
        {
            httpContext.Response.Cookies.Delete(_options.CookieName, new CookieOptions { Path = "/", Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict });
        }

        await AuditAsync(AuditActions.SessionCorrupt, AuditResult.Denied, AuditActor.Anonymous, SessionId(key), "corrupt_entry", httpContext, cancellationToken).ConfigureAwait(false);
    }

    // version | created | last seen | absolute expiry | user id (7-bit length + UTF-8) | protected ticket
    private byte[] Serialize(SessionRecord record)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(RecordVersion);
            writer.Write(record.CreatedAt.UtcTicks);
            writer.Write(record.LastSeen.UtcTicks);
            writer.Write(record.AbsoluteExpiry.UtcTicks);
            writer.Write(record.UserId ?? string.Empty);
            writer.Write(_protector.Protect(TicketSerializer.Default.Serialize(record.Ticket)));
        }

        return stream.ToArray();
    }

    private SessionRecord? Deserialize(byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (reader.ReadByte() != RecordVersion)
            {
                return null;
            }

            var created = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var lastSeen = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var expiry = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var userId = reader.ReadString();
            var protectedTicket = reader.ReadBytes(bytes.Length - (int)reader.BaseStream.Position);
            var ticket = TicketSerializer.Default.Deserialize(_protector.Unprotect(protectedTicket));
            return ticket is null ? null : new SessionRecord(created, lastSeen, expiry, userId.Length == 0 ? null : userId, ticket);
        }
        catch (Exception exception) when (exception is EndOfStreamException or CryptographicException or IOException
            or ArgumentException or FormatException or OverflowException or InvalidOperationException)
        {
            // A corrupt or foreign entry (bad lengths, out-of-range timestamps, undecodable text,
            // a ticket that fails authentication) is no session: fail closed, never a 500.
            return null;
        }
    }

    private async Task AuditAsync(string action, AuditResult result, AuditActor? actor, string? sessionId, string reason, HttpContext? httpContext, CancellationToken cancellationToken, AuditResource? resource = null)
    {
        await _audit.WriteAsync(new AuditEvent
        {
            Action = action,
            Actor = actor ?? (httpContext is null ? AuditActor.System : AuditActor.FromPrincipal(httpContext.User)),
            Resource = resource ?? (sessionId is null ? null : new AuditResource("session", sessionId)),
            Outcome = new AuditOutcome(result, null, reason),
            Request = httpContext is null ? null : AuditRequest.FromHttpContext(httpContext),
        }, cancellationToken).ConfigureAwait(false);
    }

    private sealed record SessionRecord(DateTimeOffset CreatedAt, DateTimeOffset LastSeen, DateTimeOffset AbsoluteExpiry, string? UserId, AuthenticationTicket Ticket);
}

/// <summary>
/// Writes the rotated session key into the cookie: the cookie handler protects the key it
/// remembered from the request, so after <see cref="SessionTicketStore.RenewAsync(string, AuthenticationTicket, HttpContext, CancellationToken)"/>
/// moved the ticket, the claim naming the old key is swapped for the new one.
/// </summary>
internal sealed class RotatingTicketDataFormat(ISecureDataFormat<AuthenticationTicket> inner, IHttpContextAccessor accessor) : ISecureDataFormat<AuthenticationTicket>
{
    private const string SessionIdClaim = "Microsoft.AspNetCore.Authentication.Cookies-SessionId";

    public string Protect(AuthenticationTicket data) => inner.Protect(Rotate(data));

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(Rotate(data), purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => inner.Unprotect(protectedText);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose) => inner.Unprotect(protectedText, purpose);

    private AuthenticationTicket Rotate(AuthenticationTicket ticket)
    {
        if (accessor.HttpContext?.Items[SessionTicketStore.RotatedKeyItem] is not ValueTuple<string, string> rotated
            || ticket.Principal.FindFirst(SessionIdClaim) is not { } claim
            || claim.Value != rotated.Item1)
        {
            return ticket;
        }

        var identity = new ClaimsIdentity([new Claim(SessionIdClaim, rotated.Item2, claim.ValueType, claim.Issuer)], ticket.Principal.Identity?.AuthenticationType);
        return new AuthenticationTicket(new ClaimsPrincipal(identity), ticket.Properties, ticket.AuthenticationScheme);
    }
}
