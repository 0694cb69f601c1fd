using System.Buffers;

namespace Compliance.Runtime.Auditing.Chain;

/// <summary>
/// The reusable byte buffer of a batch (serialisation in the writer, record lines in the file
/// store). It is reused so the steady state allocates nothing, but one rare large batch must not
/// pin its high-water mark for the life of the process: past <see cref="MaxRetainedBytes"/> the
/// buffer is dropped and a small one takes its place.
/// </summary>
internal static class BatchBuffer
{
    public const int InitialBytes = 64 * 1024;

    public const int MaxRetainedBytes = 1024 * 1024;

    public static ArrayBufferWriter<byte> Create() => new(InitialBytes);

    /// <summary>Empties <paramref name="buffer"/> for the next batch, replacing it when it grew too large.</summary>
    public static void Reset(ref ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity > MaxRetainedBytes)
        {
            buffer = Create();
        }
        else
        {
            buffer.ResetWrittenCount();
        }
    }
}
