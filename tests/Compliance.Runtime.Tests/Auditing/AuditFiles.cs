using System.Text;
using Compliance.Runtime.Auditing.Files;

namespace Compliance.Runtime.Tests.Auditing;

/// <summary>Reads and rewrites the store's files the way an intruder with file access would.</summary>
internal static class AuditFiles
{
    public static string[] LogFiles(string directory) =>
        AuditFileFormat.ListFiles(directory).Select(static f => f.Path).ToArray();

    public static List<string> ReadLines(string file) =>
        File.ReadAllText(file, Encoding.UTF8).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    public static void WriteLines(string file, IEnumerable<string> lines) =>
        File.WriteAllText(file, string.Concat(lines.Select(static l => l + "\n")), new UTF8Encoding(false));

    public static List<System.Text.Json.JsonDocument> Records(string directory) =>
        LogFiles(directory)
            .SelectMany(ReadLines)
            .Select(static line => System.Text.Json.JsonDocument.Parse(line))
            .ToList();

    /// <summary>The complete records only: torn lines left by a failed write (a full disk) are skipped.</summary>
    public static List<System.Text.Json.JsonElement> CompleteRecords(string directory)
    {
        var records = new List<System.Text.Json.JsonElement>();
        foreach (var line in LogFiles(directory).SelectMany(static file => File.ReadAllText(file, Encoding.UTF8).Split('\n').SkipLast(1)))
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(line);
                records.Add(document.RootElement.GetProperty("record").Clone());
            }
            catch (System.Text.Json.JsonException)
            {
            }
        }

        return records;
    }
}
