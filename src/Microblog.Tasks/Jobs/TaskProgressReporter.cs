using Microblog.Data;
using Microblog.Tasks.Queue;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// Inside a user's task: writes progress to the job's meta (read by <see cref="TaskLauncher"/> when a page
/// renders) and to the <c>task_progress</c> notification (read by the polling page), only as often as the
/// throttle allows.
/// </summary>
public sealed class TaskProgressReporter
{
    private readonly MicroblogDbContext db;
    private readonly Job job;
    private readonly int userId;
    private readonly ProgressThrottle throttle;

    public TaskProgressReporter(MicroblogDbContext db, Job job, int userId, TimeProvider clock)
        : this(db, job, userId, new ProgressThrottle(clock)) { }

    internal TaskProgressReporter(MicroblogDbContext db, Job job, int userId, ProgressThrottle throttle)
    {
        this.db = db;
        this.job = job;
        this.userId = userId;
        this.throttle = throttle;
    }

    /// <summary>How many progress updates were written.</summary>
    public int Writes { get; private set; }

    public async Task ReportAsync(long done, long total, CancellationToken ct)
    {
        if (throttle.Next(done, total) is { } percent)
            await WriteAsync(percent, ct);
    }

    /// <summary>The end: meta at 100, the task row complete, the alert told.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        job.Meta["progress"] = 100;
        await job.SaveMetaAsync(ct);
        await db.CompleteTaskAsync(job.Id, userId, ct);
        Writes++;
    }

    private async Task WriteAsync(int percent, CancellationToken ct)
    {
        job.Meta["progress"] = percent;
        await job.SaveMetaAsync(ct);
        await db.NotifyProgressAsync(job.Id, userId, percent, ct);
        Writes++;
    }
}
