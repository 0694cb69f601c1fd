using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Endpoints;
using Compliance.Runtime.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Validation;

/// <summary>
/// Validates the JSON body of <see cref="ValidatedAttribute"/> endpoints before model binding, the
/// same way for controllers and minimal APIs: size limit, strict deserialisation (unknown members
/// rejected for these bodies only, with the application's own JSON options otherwise), then
/// DataAnnotations recursively. Any failure answers 400 ValidationProblemDetails keyed by JSON path,
/// without echoing values, and is audited. A valid body is handed on unchanged for normal binding.
/// </summary>
internal sealed class ValidationMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ValidationOptions _options;
    private readonly Lazy<JsonSerializerOptions> _minimalJson;
    private readonly Lazy<JsonSerializerOptions> _mvcJson;
    private readonly AuditRejectionAggregator _rejections;

    public ValidationMiddleware(
        RequestDelegate next,
        AuditRejectionAggregator rejections,
        IOptions<ValidationOptions> options,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> minimalJson,
        IOptions<Microsoft.AspNetCore.Mvc.JsonOptions> mvcJson)
    {
        _next = next;
        _rejections = rejections;
        _options = options.Value;
        _minimalJson = new(() => Strict(minimalJson.Value.SerializerOptions));
        _mvcJson = new(() => Strict(mvcJson.Value.JsonSerializerOptions));
    }

    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<ValidatedAttribute>() is null)
        {
            return _next(context);
        }

        var shape = EndpointShape.Of(endpoint);
        if (shape.BodyType is null || !HasJsonBody(context.Request))
        {
            return _next(context);
        }

        return ValidateAsync(context, shape);
    }

    private static bool HasJsonBody(HttpRequest request)
    {
        // The server knows whether a body follows: an HTTP/2 or HTTP/3 body streams in DATA frames
        // with neither Content-Length nor Transfer-Encoding, so the headers alone cannot tell.
        var canHaveBody = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
            ?? (request.ContentLength is not null || request.Headers.TransferEncoding.Count > 0);
        if (!canHaveBody || request.ContentLength == 0)
        {
            return false;
        }

        // Other media types are left to the framework, which answers 415 for endpoints that only accept JSON.
        return request.HasJsonContentType();
    }

    private async Task ValidateAsync(HttpContext context, EndpointShape shape)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var body = await ReadBodyAsync(context.Request, _options.MaxBodySize, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await RejectTooLargeAsync(context, _options.MaxBodySize).ConfigureAwait(false);
            return;
        }

        var options = shape.IsMvc ? _mvcJson.Value : _minimalJson.Value;
        var bodyType = shape.BodyType!;
        object? value = null;
        try
        {
            value = JsonSerializer.Deserialize(body, bodyType, options);
            if (value is null)
            {
                errors["$"] = ["A request body is required."];
            }
        }
        catch (JsonException ex)
        {
            Describe(ex, body, bodyType, options, errors);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or FormatException or OverflowException)
        {
            errors["$"] = ["The request body cannot be read as the expected type."];
        }

        if (value is not null)
        {
            ObjectValidator.Validate(value, options, context.RequestServices, errors, _options.MaxDepth);
        }

        if (errors.Count > 0)
        {
            await RejectAsync(context, errors).ConfigureAwait(false);
            return;
        }

        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.ContentLength = body.Length;
        await _next(context).ConfigureAwait(false);
    }

    private static void Describe(JsonException exception, byte[] body, Type bodyType, JsonSerializerOptions options, Dictionary<string, List<string>> errors)
    {
        // The parser's path holds member names exactly as the client sent them; it is used to
        // navigate the body but only its sanitised form is ever reported or audited.
        var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
        var reported = JsonPaths.Sanitize(options, bodyType, path);
        if (exception.InnerException is JsonException || !IsWellFormed(body))
        {
            errors[reported] = ["The request body is not well-formed JSON."];
            return;
        }

        if (IsDuplicate(body, path, options.PropertyNameCaseInsensitive))
        {
            errors[reported] = ["The member appears more than once."];
            return;
        }

        if (MissingRequired(body, bodyType, options, path) is { Count: > 0 } missing)
        {
            foreach (var member in missing)
            {
                errors[reported + "." + member] = ["The field is required."];
            }

            return;
        }

        if (!JsonPaths.TryResolve(options, bodyType, path, out var target))
        {
            errors[reported] = ["The field is not part of the request contract."];
            return;
        }

        errors[reported] = [$"The value has the wrong type; expected {JsonPaths.Expected(target)}."];
    }

    /// <summary>
    /// Whether the member the parser stopped at occurs more than once in its object. Strict bodies
    /// refuse duplicates: the lenient binder after this middleware keeps the last value, so a body
    /// whose first occurrence passed validation could otherwise bind a second, unvalidated one.
    /// </summary>
    private static bool IsDuplicate(byte[] body, string path, bool caseInsensitive)
    {
        var steps = JsonPaths.Steps(path);
        if (steps.Count == 0 || steps[^1].Name is not { } name)
        {
            return false;
        }

        var comparison = caseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
        var element = document.RootElement;
        foreach (var (member, index) in steps.Take(steps.Count - 1))
        {
            if (member is null)
            {
                if (element.ValueKind != JsonValueKind.Array || index < 0 || index >= element.GetArrayLength())
                {
                    return false;
                }

                element = element[index];
            }
            else if (!TryGetMember(element, member, comparison, out element))
            {
                return false;
            }
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var count = 0;
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, comparison) && ++count > 1)
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryGetMember(JsonElement element, string name, StringComparison comparison, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, comparison))
                {
                    value = property.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    private static bool IsWellFormed(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Finds <c>required</c> / <c>[JsonRequired]</c> members absent from the object at <paramref name="path"/>.</summary>
    private static List<string>? MissingRequired(byte[] body, Type bodyType, JsonSerializerOptions options, string path)
    {
        if (!JsonPaths.TryResolve(options, bodyType, path, out var target))
        {
            return null;
        }

        var info = options.GetTypeInfo(Nullable.GetUnderlyingType(target) ?? target);
        if (info.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object || !info.Properties.Any(static p => p.IsRequired))
        {
            return null;
        }

        using var document = JsonDocument.Parse(body);
        var element = document.RootElement;
        foreach (var segment in JsonPaths.Segments(path))
        {
            if (segment is null || element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
            {
                return null;
            }
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var missing = new List<string>();
        foreach (var property in info.Properties)
        {
            if (property.IsRequired && !HasProperty(element, property.Name, options.PropertyNameCaseInsensitive))
            {
                missing.Add(property.Name);
            }
        }

        return missing;
    }

    private static bool HasProperty(JsonElement element, string name, bool caseInsensitive)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, caseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private async Task RejectTooLargeAsync(HttpContext context, long limit)
    {
        await AuditRejectionAsync(context, StatusCodes.Status413PayloadTooLarge, "body_too_large", ["$"]).ConfigureAwait(false);
        await ProblemResponses.WriteAsync(context, new ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "The request body is too large.",
            Detail = $"The request body is larger than {limit} bytes.",
        }).ConfigureAwait(false);
    }

    private async Task RejectAsync(HttpContext context, Dictionary<string, List<string>> errors)
    {
        var problem = new HttpValidationProblemDetails(errors.ToDictionary(static e => e.Key, static e => e.Value.ToArray(), StringComparer.Ordinal))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body is invalid.",
        };

        await AuditRejectionAsync(context, StatusCodes.Status400BadRequest, "invalid_body", errors.Keys.Order(StringComparer.Ordinal).ToArray()).ConfigureAwait(false);
        await ProblemResponses.WriteAsync(context, problem).ConfigureAwait(false);
    }

    /// <summary>Counts the rejection in its caller's and route's aggregate record (one per minute), never one record per request.</summary>
    private ValueTask AuditRejectionAsync(HttpContext context, int status, string reason, string[] fields)
    {
        var auditEvent = AuditEvent.Rejection(AuditActions.ValidationRejected, context, status, reason, fields);
        return _rejections.RecordAsync(auditEvent, ClientPartition.Of(context));
    }

    /// <summary>Reads the whole body, or returns null as soon as it exceeds <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var initial = (int)Math.Min(request.ContentLength ?? 4096, limit + 1);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 256));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    return null;
                }
            }

            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private JsonSerializerOptions Strict(JsonSerializerOptions application) => new(application)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        MaxDepth = _options.MaxDepth,
    };
}
