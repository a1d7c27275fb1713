namespace Microblog.IntegrationTests.Infrastructure;

/// <summary>The system clock, moved by <see cref="Advance"/>: a test jumps days ahead without waiting for them.</summary>
public sealed class ShiftableClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    /// <summary>Moves the clock by <paramref name="by"/> until the returned scope ends.</summary>
    public IDisposable Advance(TimeSpan by)
    {
        Interlocked.Add(ref offsetTicks, by.Ticks);
        return new Undo(() => Interlocked.Add(ref offsetTicks, -by.Ticks));
    }

    private sealed class Undo(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
