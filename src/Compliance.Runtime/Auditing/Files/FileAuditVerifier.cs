using System.Globalization;
using Compliance.Runtime.Auditing.Chain;

namespace Compliance.Runtime.Auditing.Files;

/// <summary>Verifies a file store's directory: every record line, torn tails and checkpoints.</summary>
public sealed class FileAuditVerifier : IAuditVerifier
{
    private readonly string _directory;
    private readonly byte[]? _sealKey;

    /// <summary>Creates a verifier.</summary>
    /// <param name="directory">The log directory.</param>
    /// <param name="sealKey">The seal key; when null, seals are not checked (forged chains then go unnoticed).</param>
    public FileAuditVerifier(string directory, byte[]? sealKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = Path.GetFullPath(directory);
        _sealKey = sealKey;
    }

    /// <inheritdoc />
    public async ValueTask<AuditVerificationReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var verifier = new ChainVerifier(_sealKey);
        var checkpointPath = Path.Combine(_directory, AuditFileFormat.CheckpointFileName);
        if (File.Exists(checkpointPath))
        {
            var bytes = await File.ReadAllBytesAsync(checkpointPath, cancellationToken).ConfigureAwait(false);
            ForEachLine(bytes, AuditFileFormat.CheckpointFileName, verifier, (line, location) =>
            {
                if (AuditFileFormat.TryParseCheckpointLine(line, out var checkpoint))
                {
                    verifier.AddCheckpoint(checkpoint!, location);
                }
                else
                {
                    verifier.AddIssue(AuditIssueKind.CheckpointMismatch, null, location, "The checkpoint line cannot be read.");
                }
            });
        }

        foreach (var (path, _, _) in AuditFileFormat.ListFiles(_directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            ForEachLine(bytes, Path.GetFileName(path), verifier, (line, location) =>
            {
                if (AuditFileFormat.TryParseRecordLine(line, out var content, out var hash, out _, out var seal))
                {
                    verifier.AddRecord(content, hash, seal, location);
                }
                else
                {
                    verifier.AddIssue(AuditIssueKind.MalformedRecord, null, location, "The line is not a well-formed audit record.");
                }
            });
        }

        return verifier.Complete();
    }

    private delegate void LineHandler(ReadOnlySpan<byte> line, string location);

    private static void ForEachLine(byte[] bytes, string fileName, ChainVerifier verifier, LineHandler handler)
    {
        var span = bytes.AsSpan();
        var lineNumber = 0;
        while (span.Length > 0)
        {
            lineNumber++;
            var location = string.Create(CultureInfo.InvariantCulture, $"{fileName}:{lineNumber}");
            var end = span.IndexOf((byte)'\n');
            if (end < 0)
            {
                verifier.AddIssue(AuditIssueKind.TornTail, null, location, "The final line was only partly written (the process stopped during an append); it was never acknowledged and is not part of the chain.");
                return;
            }

            handler(span[..end], location);
            span = span[(end + 1)..];
        }
    }
}
