namespace Microblog.Tasks.Jobs;

/// <summary>
/// Decides which progress values are worth writing: a new whole percent, at least <see cref="MinInterval"/>
/// after the last write, and always the final 100. A million-post export then writes a few dozen
/// notification rows instead of a million.
/// </summary>
internal sealed class ProgressThrottle(TimeProvider clock, TimeSpan minInterval)
{
    private int lastPercent = -1;
    private long lastWrite;

    public ProgressThrottle(TimeProvider clock) : this(clock, TimeSpan.FromSeconds(0.5)) { }

    public TimeSpan MinInterval { get; } = minInterval;

    public static int Percent(long done, long total) =>
        total <= 0 ? 100 : (int)Math.Clamp(done * 100 / total, 0, 100);

    /// <summary>The percent to report for <paramref name="done"/> of <paramref name="total"/>, or null to skip this one.</summary>
    public int? Next(long done, long total)
    {
        var percent = Percent(done, total);
        if (percent <= lastPercent)
            return null;
        var now = clock.GetTimestamp();
        if (percent < 100 && lastPercent >= 0 && clock.GetElapsedTime(lastWrite, now) < MinInterval)
            return null;
        lastPercent = percent;
        lastWrite = now;
        return percent;
    }
}
