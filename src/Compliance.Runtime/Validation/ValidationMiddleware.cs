using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Endpoints;
using Compliance.Runtime.Http;
using Microsoft.AspNetCore.Http;
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
    private readonly IAuditLog _audit;

    public ValidationMiddleware(
        RequestDelegate next,
        IAuditLog audit,
        IOptions<ValidationOptions> options,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> minimalJson,
        IOptions<Microsoft.AspNetCore.Mvc.JsonOptions> mvcJson)
    {
        _next = next;
        _audit = audit;
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
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()))
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
            errors["$"] = [$"The request body is larger than {_options.MaxBodySize} bytes."];
            await RejectAsync(context, errors).ConfigureAwait(false);
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
        var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
        if (exception.InnerException is JsonException || !IsWellFormed(body))
        {
            errors[path] = ["The request body is not well-formed JSON."];
            return;
        }

        if (MissingRequired(body, bodyType, options, path) is { Count: > 0 } missing)
        {
            foreach (var member in missing)
            {
                errors[member] = ["The field is required."];
            }

            return;
        }

        if (!JsonPaths.TryResolve(options, bodyType, path, out var target))
        {
            errors[path] = ["The field is not part of the request contract."];
            return;
        }

        errors[path] = [$"The value has the wrong type; expected {JsonPaths.Expected(target)}."];
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
                missing.Add(path + "." + property.Name);
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

    private async Task RejectAsync(HttpContext context, Dictionary<string, List<string>> errors)
    {
        var problem = new HttpValidationProblemDetails(errors.ToDictionary(static e => e.Key, static e => e.Value.ToArray(), StringComparer.Ordinal))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body is invalid.",
        };

        var auditEvent = AuditEvent.Rejection(AuditActions.ValidationRejected, context, StatusCodes.Status400BadRequest, "invalid_body", errors.Keys.Order(StringComparer.Ordinal).ToArray());
        await _audit.WriteAsync(auditEvent, AuditDurability.Buffered, context.RequestAborted).ConfigureAwait(false);

        await ProblemResponses.WriteAsync(context, problem).ConfigureAwait(false);
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
        MaxDepth = _options.MaxDepth,
    };
}
