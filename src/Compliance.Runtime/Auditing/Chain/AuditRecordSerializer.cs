using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Compliance.Runtime.Auditing.Chain;

/// <summary>
/// Serialises a record once, with a fixed property order and no whitespace. The bytes written here
/// are the bytes hashed and stored; verification never re-serialises.
/// </summary>
internal static class AuditRecordSerializer
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        SkipValidation = true,
        Encoder = JavaScriptEncoder.Default,
    };

    public static void Write(IBufferWriter<byte> output, long sequence, string streamId, DateTimeOffset recordedAt, AuditEvent auditEvent)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WriteNumber("seq"u8, sequence);
        writer.WriteString("stream"u8, streamId);
        WriteTimestamp(writer, "recorded_at"u8, recordedAt);
        writer.WriteString("event_id"u8, auditEvent.EventId);
        WriteTimestamp(writer, "occurred_at"u8, auditEvent.OccurredAt);
        writer.WriteString("action"u8, auditEvent.Action);

        var actor = auditEvent.Actor;
        writer.WriteStartObject("actor"u8);
        writer.WriteString("type"u8, actor.Type);
        WriteOptional(writer, "id"u8, actor.Id);
        WriteOptional(writer, "tenant"u8, actor.Tenant);
        WriteOptional(writer, "auth_method"u8, actor.AuthenticationMethod);
        if (actor.MultiFactor is { } mfa)
        {
            writer.WriteBoolean("mfa"u8, mfa);
        }

        writer.WriteEndObject();

        if (auditEvent.Resource is { } resource)
        {
            writer.WriteStartObject("resource"u8);
            writer.WriteString("type"u8, resource.Type);
            WriteOptional(writer, "id"u8, resource.Id);
            writer.WriteEndObject();
        }

        var outcome = auditEvent.Outcome;
        writer.WriteStartObject("outcome"u8);
        writer.WriteString("result"u8, ResultName(outcome.Result));
        if (outcome.HttpStatus is { } status)
        {
            writer.WriteNumber("http_status"u8, status);
        }

        WriteOptional(writer, "reason"u8, outcome.Reason);
        writer.WriteEndObject();

        if (auditEvent.Request is { } request)
        {
            writer.WriteStartObject("request"u8);
            writer.WriteString("method"u8, request.Method);
            WriteOptional(writer, "route_template"u8, request.RouteTemplate);
            WriteOptional(writer, "trace_id"u8, request.TraceId);
            WriteOptional(writer, "client_ip"u8, request.ClientAddress);
            writer.WriteEndObject();
        }

        if (auditEvent.Fields is { Count: > 0 } fields)
        {
            writer.WriteStartArray("fields"u8);
            foreach (var field in fields)
            {
                writer.WriteStringValue(field);
            }

            writer.WriteEndArray();
        }

        if (auditEvent.Count is { } count)
        {
            writer.WriteNumber("count"u8, count);
        }

        WriteOptional(writer, "service"u8, auditEvent.Service);
        writer.WriteNumber("schema_version"u8, auditEvent.SchemaVersion);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes how a record's bytes begin (<c>{"seq":n,"stream":"s",</c>, or only the sequence number
    /// when the stream is unknown), so the verifier can tell a torn append of that record from other bytes.
    /// </summary>
    public static void WritePosition(IBufferWriter<byte> output, long sequence, string? streamId)
    {
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq"u8, sequence);
            if (streamId is not null)
            {
                writer.WriteString("stream"u8, streamId);
            }

            // Flush without closing the object: what follows in a real record is the next property.
            writer.Flush();
        }

        output.Write(","u8);
    }

    public static string ResultName(AuditResult result) => result switch
    {
        AuditResult.Success => "success",
        AuditResult.Denied => "denied",
        AuditResult.Failed => "failed",
        AuditResult.Attempted => "attempted",
        _ => "error",
    };

    /// <summary>Reads the chain position from a record's bytes (the first two properties by construction, but any order is accepted).</summary>
    public static bool TryReadPosition(ReadOnlySpan<byte> content, out long sequence, out string? streamId)
    {
        sequence = 0;
        streamId = null;
        try
        {
            var reader = new Utf8JsonReader(content);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("seq"u8))
                {
                    reader.Read();
                    if (!reader.TryGetInt64(out sequence))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    streamId = reader.GetString();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }

                if (sequence > 0 && streamId is not null)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        return false;
    }

    private static void WriteTimestamp(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset value)
    {
        // Fixed-width UTC with milliseconds: the same instant always serialises to the same bytes.
        writer.WriteString(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    private static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
