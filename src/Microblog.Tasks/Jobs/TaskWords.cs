using Microblog.Tasks.Queue;
using States = Microblog.Data.BackgroundTask.States;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// What a user reads about a task's end: plain words per outcome, never exception text, host names or process ids
/// (those go to the log). Canceled is not failed, and an admin's delete is not a dead worker. In the current UI
/// culture (<see cref="TaskText"/>): the task's, as <see cref="TaskLauncher"/> sets it before asking.
/// </summary>
public static class TaskWords
{
    public static string Restarted => TaskText.Get("The job queue lost this task; it has been started again.");
    public static string Lost => TaskText.Get("The job queue lost this task and it could not be started again.");

    public static (string State, string Words) End(string taskName, JobOutcomeKind kind) => kind switch
    {
        JobOutcomeKind.Finished => (States.Completed, Done(taskName)),
        JobOutcomeKind.TimedOut => (States.Failed, TaskText.Get("The task took too long and was stopped.")),
        JobOutcomeKind.WorkerDied => (States.Failed, TaskText.Get("The task was interrupted: the server running it stopped.")),
        JobOutcomeKind.Canceled => (States.Canceled, TaskText.Get("Canceled by an administrator before it ran.")),
        JobOutcomeKind.Stopped => (States.Stopped, TaskText.Get("Stopped by an administrator.")),
        JobOutcomeKind.Deleted => (States.Canceled, TaskText.Get("Removed by an administrator.")),
        _ => (States.Failed, taskName == ExportPosts.Name ? TaskText.Get("The export failed; please try again later.") : TaskText.Get("The task failed.")),
    };

    public static string Retrying(JobOutcomeKind kind) => kind switch
    {
        JobOutcomeKind.WorkerDied => TaskText.Get("Interrupted: the server running it stopped. Trying again shortly…"),
        JobOutcomeKind.TimedOut => TaskText.Get("It took too long. Trying again shortly…"),
        _ => TaskText.Get("Something went wrong. Trying again shortly…"),
    };

    public static string Done(string taskName) => taskName switch
    {
        ExportPosts.Name => TaskText.Get("Completed — check your email"),
        SendEmail.Name => TaskText.Get("Sent"),
        _ => TaskText.Get("Completed"),
    };

    /// <summary>How a job that Redis still holds has ended, read from its hash; null while it may still run.</summary>
    public static JobOutcomeKind? Ended(Job job) => job.Status switch
    {
        JobStatus.Finished => JobOutcomeKind.Finished,
        JobStatus.Failed when job.ExcInfo?.StartsWith("WorkerDiedException", StringComparison.Ordinal) == true => JobOutcomeKind.WorkerDied,
        JobStatus.Failed when job.ExcInfo?.StartsWith("JobTimeoutException", StringComparison.Ordinal) == true => JobOutcomeKind.TimedOut,
        JobStatus.Failed => JobOutcomeKind.Failed,
        JobStatus.Stopped => JobOutcomeKind.Stopped,
        JobStatus.Canceled => JobOutcomeKind.Canceled,
        _ => null,
    };
}
