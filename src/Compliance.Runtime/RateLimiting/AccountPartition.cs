using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.RateLimiting;

/// <summary>
/// The account a credential request is about, as a partition key: a keyed hash of the submitted
/// user name, so one account is limited however many addresses the guesses come from. The key
/// comes from <see cref="IAccountPartitionSecret"/>: random per process while partitions live in
/// memory only, shared (and kept out of clear storage) when a shared store counts; the name is
/// never held in clear, and a hash seen anywhere cannot be tested against guessed names without it.
/// </summary>
internal sealed class AccountPartition
{
    internal const string Oversize = "account:oversize";
    internal const string Ambiguous = "account:ambiguous";

    private readonly IAccountPartitionSecret _secret;
    private readonly RateLimitingOptions _options;

    public AccountPartition(IOptions<RateLimitingOptions> options, IAccountPartitionSecret secret)
    {
        _options = options.Value;
        _secret = secret;
    }

    /// <summary>The partition key of <paramref name="userName"/>: case, surrounding space and Unicode form do not matter, as for most sign-in lookups.</summary>
    public async ValueTask<string> KeyAsync(string userName, CancellationToken cancellationToken = default) =>
        Key(userName, await _secret.GetAsync(cancellationToken).ConfigureAwait(false));

    private static string Key(string userName, byte[] key)
    {
        var normalized = userName.Trim().Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(normalized), mac);
        return "account:" + Base64Url.EncodeToString(mac[..16]);
    }

    /// <summary>
    /// Reads the user name from a JSON or form body of at most <see cref="RateLimitingOptions.MaxAccountBodySize"/>
    /// bytes, leaving the body readable for the endpoint. Null when the body names no account.
    /// </summary>
    public async Task<string?> ReadAsync(HttpRequest request)
    {
        var limit = _options.MaxAccountBodySize;
        if (request.ContentLength > limit)
        {
            // A padded body cannot step outside the account limit: all oversize bodies share one.
            return Oversize;
        }

        var isJson = request.HasJsonContentType();
        var isForm = !isJson && request.HasFormContentType && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
        if (!isJson && !isForm)
        {
            return null;
        }

        request.EnableBuffering();
        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= limit && (read = await request.Body.ReadAsync(buffer.AsMemory(length, limit + 1 - length), request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            request.Body.Position = 0;
            if (length > limit)
            {
                return Oversize;
            }

            var names = isJson ? FromJson(buffer.AsSpan(0, length)) : FromForm(Encoding.UTF8.GetString(buffer, 0, length));
            return names.Count switch
            {
                0 => null,
                1 => await KeyAsync(names.First(), request.HttpContext.RequestAborted).ConfigureAwait(false),
                _ => Ambiguous,
            };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private HashSet<string> FromJson(ReadOnlySpan<byte> body)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return names;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var matches = IsAccountField(reader.GetString());
                reader.Read();
                if (matches && reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } value)
                {
                    names.Add(value.Trim().Normalize(NormalizationForm.FormKC));
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Malformed JSON names no account; the endpoint refuses it anyway.
        }

        return names;
    }

    private HashSet<string> FromForm(string body)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, values) in QueryHelpers.ParseQuery(body))
        {
            if (IsAccountField(field))
            {
                foreach (var value in values)
                {
                    if (!string.IsNullOrWhiteSpace(value))
                    {
                        names.Add(value.Trim().Normalize(NormalizationForm.FormKC));
                    }
                }
            }
        }

        return names;
    }

    private bool IsAccountField(string? name) =>
        name is not null && _options.AccountFieldNames.Contains(name, StringComparer.OrdinalIgnoreCase);
}

/// <summary>The account partition key of a credential request, read before the rate limiter runs (its partitioner cannot read the body).</summary>
internal sealed class AccountPartitionFeature(string? key)
{
    public string? Key { get; } = key;
}

/// <summary>Reads the account of credential-tier requests into <see cref="AccountPartitionFeature"/> ahead of the rate limiter.</summary>
internal sealed class AccountPartitionMiddleware(RequestDelegate next, AccountPartition accounts)
{
    public Task InvokeAsync(HttpContext context)
    {
        var tier = context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedAttribute>()?.Tier;
        return tier is { } t && TieredRateLimiterSetup.IsCredentialTier(t) && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            ? ReadThenNextAsync(context)
            : next(context);
    }

    private async Task ReadThenNextAsync(HttpContext context)
    {
        context.Features.Set(new AccountPartitionFeature(await accounts.ReadAsync(context.Request).ConfigureAwait(false)));
        await next(context).ConfigureAwait(false);
    }
}
