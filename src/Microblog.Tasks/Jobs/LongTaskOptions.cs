namespace Microblog.Tasks.Jobs;

/// <summary>Pace and randomness of the <see cref="LongTask"/> demo, bound from the section <c>LongTask</c>.</summary>
public sealed class LongTaskOptions
{
    /// <summary>How long one step takes; tests shorten it to milliseconds.</summary>
    public TimeSpan StepDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Seeds each run's random numbers, so tests see the same steps every time; null is truly random.</summary>
    public int? Seed { get; set; }

    /// <summary>How many demos one user may have queued or running at once.</summary>
    public int MaxRunningPerUser { get; set; } = 5;
}
