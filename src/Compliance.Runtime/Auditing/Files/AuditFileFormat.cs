using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Compliance.Runtime.Auditing.Files;

/// <summary>
/// The JSON Lines layout of the file store. A record line embeds the hashed bytes verbatim:
/// <c>{"record":&lt;bytes&gt;,"hash":"hex","seal_kid":"k1","seal":"hex"}\n</c>; the verifier slices
/// the exact bytes back out. Files are named <c>audit-{number:D6}-{yyyyMMdd}.jsonl</c>; checkpoints go
/// to <c>checkpoints.jsonl</c>, one JSON object a line (<c>prev</c> present in the chained format).
/// Everything is created readable by the owner only on Unix (files 0600, the directory 0700).
/// </summary>
internal static class AuditFileFormat
{
    public const string CheckpointFileName = "checkpoints.jsonl";
    public const string LockFileName = ".writer.lock";
    public const string FilePattern = "audit-*.jsonl";

    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Opens a log file; a file it creates is owner-only on Unix, whatever the umask allows others.</summary>
    public static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = 0 };
        if (!OperatingSystem.IsWindows() && mode != FileMode.Open)
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        return new FileStream(path, options);
    }

    /// <summary>Creates the log directory owner-only on Unix (an existing directory keeps the mode its operator gave it).</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
        }
    }

    public static string FileName(int number, DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"audit-{number:D6}-{day:yyyyMMdd}.jsonl");

    public static bool TryParseFileName(string path, out int number, out DateOnly day)
    {
        number = 0;
        day = default;
        var name = Path.GetFileName(path.AsSpan());
        return name.Length == "audit-000000-20000101.jsonl".Length
            && name.StartsWith("audit-", StringComparison.Ordinal)
            && name.EndsWith(".jsonl", StringComparison.Ordinal)
            && int.TryParse(name.Slice(6, 6), NumberStyles.None, CultureInfo.InvariantCulture, out number)
            && DateOnly.TryParseExact(name.Slice(13, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    /// <summary>The store's files in write order.</summary>
    public static IReadOnlyList<(string Path, int Number, DateOnly Day)> ListFiles(string directory)
    {
        var files = new List<(string, int, DateOnly)>();
        if (!Directory.Exists(directory))
        {
            return files;
        }

        foreach (var path in Directory.EnumerateFiles(directory, FilePattern))
        {
            if (TryParseFileName(path, out var number, out var day))
            {
                files.Add((path, number, day));
            }
        }

        files.Sort(static (a, b) => a.Item2.CompareTo(b.Item2));
        return files;
    }

    public static void WriteRecordLine(ArrayBufferWriter<byte> output, SealedAuditRecord record)
    {
        output.Write("{\"record\":"u8);
        output.Write(record.Content.Span);
        output.Write(",\"hash\":\""u8);
        WriteHex(output, record.Hash);
        output.Write("\",\"seal_kid\":"u8);
        WriteJsonString(output, record.SealKeyId);
        output.Write(",\"seal\":\""u8);
        WriteHex(output, record.Seal);
        output.Write("\"}\n"u8);
    }

    public static byte[] CheckpointLine(AuditCheckpoint checkpoint)
    {
        var output = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("stream"u8, checkpoint.StreamId);
            writer.WriteNumber("seq"u8, checkpoint.Sequence);
            writer.WriteString("hash"u8, Convert.ToHexStringLower(checkpoint.Hash));
            if (checkpoint.Previous is { } previous)
            {
                writer.WriteString("prev"u8, Convert.ToHexStringLower(previous));
            }

            writer.WriteString("created_at"u8, checkpoint.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("seal_kid"u8, checkpoint.SealKeyId);
            writer.WriteString("seal"u8, Convert.ToHexStringLower(checkpoint.Seal));
            writer.WriteEndObject();
        }

        output.Write("\n"u8);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Splits a record line into the hashed bytes and the chain fields.</summary>
    public static bool TryParseRecordLine(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> content, out byte[] hash, out string? sealKeyId, out byte[] seal)
    {
        content = default;
        hash = [];
        seal = [];
        sealKeyId = null;
        int contentStart = -1, contentEnd = -1;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("record"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        return false;
                    }

                    contentStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    contentEnd = (int)reader.BytesConsumed;
                }
                else if (reader.ValueTextEquals("hash"u8))
                {
                    reader.Read();
                    hash = FromHex(reader.GetString());
                }
                else if (reader.ValueTextEquals("seal_kid"u8))
                {
                    reader.Read();
                    sealKeyId = reader.GetString();
                }
                else if (reader.ValueTextEquals("seal"u8))
                {
                    reader.Read();
                    seal = FromHex(reader.GetString());
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return false;
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

        if (contentStart < 0 || hash.Length == 0 || seal.Length == 0)
        {
            return false;
        }

        content = line[contentStart..contentEnd];
        return true;
    }

    public static bool TryParseCheckpointLine(ReadOnlySpan<byte> line, out AuditCheckpoint? checkpoint)
    {
        checkpoint = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            string? stream = null, kid = null;
            long seq = -1;
            byte[] hash = [], seal = [];
            byte[]? previous = null;
            DateTimeOffset created = default;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "stream": stream = reader.GetString(); break;
                    case "seq": seq = reader.GetInt64(); break;
                    case "hash": hash = FromHex(reader.GetString()); break;
                    case "prev": previous = FromHex(reader.GetString()); break;
                    case "created_at": created = reader.GetDateTimeOffset(); break;
                    case "seal_kid": kid = reader.GetString(); break;
                    case "seal": seal = FromHex(reader.GetString()); break;
                    default: reader.Skip(); break;
                }
            }

            if (stream is null || kid is null || seq < 0 || hash.Length == 0 || seal.Length == 0)
            {
                return false;
            }

            checkpoint = new AuditCheckpoint(stream, seq, hash, created, kid, seal, previous);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private static byte[] FromHex(string? text)
    {
        try
        {
            return string.IsNullOrEmpty(text) ? [] : Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            return [];
        }
    }

    private static void WriteHex(ArrayBufferWriter<byte> output, byte[] bytes)
    {
        var span = output.GetSpan(bytes.Length * 2);
        Convert.TryToHexStringLower(bytes, span, out var written);
        output.Advance(written);
    }

    private static void WriteJsonString(ArrayBufferWriter<byte> output, string value)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStringValue(value);
    }
}
