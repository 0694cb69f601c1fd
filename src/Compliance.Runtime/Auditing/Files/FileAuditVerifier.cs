using System.Globalization;
using Compliance.Runtime.Auditing.Chain;

namespace Compliance.Runtime.Auditing.Files;

/// <summary>Verifies a file store's directory: every record line, partial lines, the checkpoint chain and the anchor.</summary>
public sealed class FileAuditVerifier : IAuditVerifier
{
    private readonly string _directory;
    private readonly AuditVerificationOptions _options;

    /// <summary>Creates a verifier with one HMAC key, used whatever key id a seal names.</summary>
    /// <param name="directory">The log directory.</param>
    /// <param name="sealKey">The seal key; when null, seals are not checked (forged chains then go unnoticed).</param>
    public FileAuditVerifier(string directory, byte[]? sealKey)
        : this(directory, new AuditVerificationOptions { Keys = sealKey is null ? null : AuditSealKeySet.ForAnyKeyId(sealKey) })
    {
    }

    /// <summary>Creates a verifier with a key set selected by key id and, optionally, an external anchor.</summary>
    /// <param name="directory">The log directory.</param>
    /// <param name="options">The keys and the anchor.</param>
    public FileAuditVerifier(string directory, AuditVerificationOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        _directory = Path.GetFullPath(directory);
        _options = options;
    }

    /// <inheritdoc />
    public async ValueTask<AuditVerificationReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var verifier = new ChainVerifier(_options.Keys, _options.Anchor);
        if (!Directory.Exists(_directory))
        {
            return verifier.Complete("The log directory does not exist: it was removed or the path is wrong.");
        }

        var checkpointPath = Path.Combine(_directory, AuditFileFormat.CheckpointFileName);
        if (File.Exists(checkpointPath))
        {
            var bytes = await File.ReadAllBytesAsync(checkpointPath, cancellationToken).ConfigureAwait(false);
            ForEachLine(bytes, AuditFileFormat.CheckpointFileName, (line, location) =>
            {
                if (AuditFileFormat.TryParseCheckpointLine(line, out var checkpoint))
                {
                    verifier.AddCheckpoint(checkpoint!, location);
                }
                else
                {
                    verifier.AddIssue(AuditIssueKind.CheckpointMismatch, null, location, "The checkpoint line cannot be read.");
                }
            },
            (_, location) => verifier.AddIssue(AuditIssueKind.CheckpointMismatch, null, location, "The checkpoint file ends in a partial line."));
        }

        foreach (var (path, _, _) in AuditFileFormat.ListFiles(_directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            ForEachLine(bytes, Path.GetFileName(path), (line, location) =>
            {
                if (AuditFileFormat.TryParseRecordLine(line, out var content, out var hash, out var keyId, out var seal))
                {
                    verifier.AddRecord(content, hash, keyId, seal, location);
                }
                else
                {
                    verifier.AddIssue(AuditIssueKind.MalformedRecord, null, location, "The line is not a well-formed audit record.");
                }
            },
            verifier.AddPartialLine);
        }

        return verifier.Complete("The log directory holds no records: it was emptied or never written.");
    }

    private delegate void LineHandler(ReadOnlySpan<byte> line, string location);

    private static void ForEachLine(byte[] bytes, string fileName, LineHandler handler, LineHandler partial)
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
                partial(span, location);
                return;
            }

            handler(span[..end], location);
            span = span[(end + 1)..];
        }
    }
}
