namespace Microblog.Tasks.Queue;

/// <summary>Where a job is in its life; stored lowercase in the job hash's <c>status</c> field, RQ 1.13's words.</summary>
public enum JobStatus
{
    /// <summary>Waiting in its queue's list.</summary>
    Queued,
    /// <summary>Waiting in the scheduled registry for its time (a delay or a retry interval).</summary>
    Scheduled,
    /// <summary>Taken by a worker and running.</summary>
    Started,
    /// <summary>Ran to completion; the result is kept for the result TTL.</summary>
    Finished,
    /// <summary>Threw, timed out or lost its worker with no retries left; kept for the failure TTL.</summary>
    Failed,
    /// <summary>Canceled before it ran (or by RQ's <c>cancel_job</c>); in the canceled registry, scored by when.</summary>
    Canceled,
    /// <summary>Stopped on request while running; kept in the failed registry for the failure TTL, as RQ keeps it.</summary>
    Stopped,
    /// <summary>
    /// Enqueued by an RQ client with <c>depends_on</c>, waiting in RQ's deferred registry for its dependencies. This
    /// queue does not run dependencies: such a job waits until RQ, or an admin, enqueues it.
    /// </summary>
    Deferred,
}

internal static class JobStatusText
{
    public static string ToRedis(this JobStatus status) => status.ToString().ToLowerInvariant();

    public static JobStatus Parse(string? text) => text switch
    {
        "queued" => JobStatus.Queued,
        "scheduled" => JobStatus.Scheduled,
        "started" => JobStatus.Started,
        "finished" => JobStatus.Finished,
        "failed" => JobStatus.Failed,
        "canceled" => JobStatus.Canceled,
        "stopped" => JobStatus.Stopped,
        "deferred" => JobStatus.Deferred,
        _ => throw new FormatException($"Unknown job status '{text}'."),
    };
}
