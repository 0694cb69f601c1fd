namespace Compliance.Runtime.ScaleOut.Tests.Redis;

/// <summary>One clock for every instance of a test, moved by hand (timers still run on real time).</summary>
public sealed class TestClock() : TimeProvider
{
    private long _ticks = new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero).UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
