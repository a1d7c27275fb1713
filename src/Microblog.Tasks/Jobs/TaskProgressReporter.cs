using Microblog.Tasks.Queue;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// Inside a user's task: writes progress to the job's meta (read by the status API) and through
/// <see cref="TaskLauncher.ReportAsync"/> to the task's row and alert, only as often as the throttle allows.
/// </summary>
public sealed class TaskProgressReporter
{
    private readonly TaskLauncher tasks;
    private readonly Job job;
    private readonly ProgressThrottle throttle;

    public TaskProgressReporter(TaskLauncher tasks, Job job, TimeProvider clock)
        : this(tasks, job, new ProgressThrottle(clock)) { }

    internal TaskProgressReporter(TaskLauncher tasks, Job job, ProgressThrottle throttle)
    {
        this.tasks = tasks;
        this.job = job;
        this.throttle = throttle;
    }

    /// <summary>How many progress updates were written.</summary>
    public int Writes { get; private set; }

    /// <summary><paramref name="done"/> of <paramref name="total"/>; <paramref name="message"/> builds the user's line only when it is written.</summary>
    public async Task ReportAsync(long done, long total, Func<string> message, CancellationToken ct)
    {
        if (throttle.Next(done, total) is { } percent)
            await ReportNowAsync(percent, message(), ct);
    }

    /// <summary>A step worth showing whatever the throttle says, e.g. the last one before the end.</summary>
    public async Task ReportNowAsync(int percent, string message, CancellationToken ct)
    {
        job.Meta["progress"] = percent;
        await job.SaveMetaAsync(ct);
        await tasks.ReportAsync(job.Id, percent, message, ct);
        Writes++;
    }
}
