using Compliance.Runtime.Auditing.Chain;

namespace Compliance.Runtime.Auditing.Infrastructure;

/// <summary>
/// Reads where a stored record sits in its chain, for <see cref="IAuditStore"/> implementations
/// that keep the stream id or sequence number in their own columns or need them when reopening.
/// </summary>
public static class AuditRecordPosition
{
    /// <summary>Reads the sequence number and stream id from a record's exact stored bytes.</summary>
    /// <param name="content">The record's bytes (<see cref="SealedAuditRecord.Content"/>).</param>
    /// <param name="sequence">The sequence number.</param>
    /// <param name="streamId">The stream id.</param>
    /// <returns>Whether both were found.</returns>
    public static bool TryRead(ReadOnlySpan<byte> content, out long sequence, out string? streamId) =>
        AuditRecordSerializer.TryReadPosition(content, out sequence, out streamId);
}
