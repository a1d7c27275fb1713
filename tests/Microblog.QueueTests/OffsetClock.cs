namespace Microblog.QueueTests;

/// <summary>The system clock moved by <see cref="Offset"/>, which a test may change: time travel without waiting.</summary>
internal sealed class OffsetClock(TimeSpan offset = default) : TimeProvider
{
    public TimeSpan Offset { get; set; } = offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
