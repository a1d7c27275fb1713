using Microblog.Tasks.Queue;

namespace Microblog.Tasks.Jobs;

/// <summary>How <see cref="TaskLauncher"/> enqueues each job name and how its sweep repairs, bound from the section <c>Tasks</c>.</summary>
public sealed class TaskLauncherOptions
{
    /// <summary>Per job name: retry policy, timeout, queue.</summary>
    public Dictionary<string, EnqueueOptions> Jobs { get; } = new(StringComparer.Ordinal);

    /// <summary>An open task this long after its launch whose job Redis does not hold was lost, not just being launched.</summary>
    public TimeSpan LostAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a task's job is enqueued in all: the launch, then once per loss.</summary>
    public int MaxLaunches { get; set; } = 3;

    /// <summary>How long an ended task's notification stays in the feed, for pages that poll slowly to see the end.</summary>
    public TimeSpan ForgetEndedAfter { get; set; } = TimeSpan.FromMinutes(10);
}
