namespace Microblog.Tasks.Queue;

/// <summary>Where a job is in its life; stored lowercase in the job hash's <c>status</c> field, as RQ does.</summary>
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
    /// <summary>Canceled before it ran, or stopped on request while running.</summary>
    Canceled,
}

internal static class JobStatusText
{
    public static string ToRedis(this JobStatus status) => status switch
    {
        JobStatus.Queued => "queued",
        JobStatus.Scheduled => "scheduled",
        JobStatus.Started => "started",
        JobStatus.Finished => "finished",
        JobStatus.Failed => "failed",
        JobStatus.Canceled => "canceled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static JobStatus Parse(string? text) => text switch
    {
        "queued" => JobStatus.Queued,
        "scheduled" => JobStatus.Scheduled,
        "started" => JobStatus.Started,
        "finished" => JobStatus.Finished,
        "failed" => JobStatus.Failed,
        "canceled" or "stopped" => JobStatus.Canceled,
        _ => throw new InvalidOperationException($"Unknown job status '{text}' in Redis."),
    };
}
