using System.Text;

namespace Compliance.Runtime.Auditing.Files;

/// <summary>
/// Exports a verified checkpoint for storage off the box, and reads it back as the anchor of a later
/// verification. The file holds the checkpoint exactly as <c>checkpoints.jsonl</c> stores it (one
/// JSON line, sealed), so it proves itself with the seal keys; a file holding <c>seq:hash</c> is
/// accepted as an unsealed anchor.
/// </summary>
public static class AuditCheckpointFile
{
    /// <summary>Writes <paramref name="checkpoint"/> to <paramref name="path"/> (owner-only on Unix), replacing the file.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="checkpoint">The checkpoint, normally <see cref="AuditVerificationReport.LatestCheckpoint"/>.</param>
    public static void Write(string path, AuditCheckpoint checkpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var stream = AuditFileFormat.Open(path, FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(AuditFileFormat.CheckpointLine(checkpoint));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Reads an anchor from an exported checkpoint or a <c>seq:hash</c> file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The anchor.</returns>
    /// <exception cref="FormatException">The file holds neither.</exception>
    public static AuditAnchor Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = File.ReadAllBytes(path);
        var line = bytes.AsSpan().TrimEnd("\r\n \t"u8);
        if (AuditFileFormat.TryParseCheckpointLine(line, out var checkpoint) && checkpoint!.Hash.Length == 32 && checkpoint.Sequence >= 1)
        {
            return new AuditAnchor(checkpoint);
        }

        return AuditAnchor.TryParse(Encoding.UTF8.GetString(line).Trim(), out var anchor)
            ? anchor!
            : throw new FormatException("The anchor file holds neither an exported checkpoint nor seq:hash.");
    }
}
