namespace Microblog.Tasks.Queue;

/// <summary>Per-job choices for <see cref="JobQueue.EnqueueAsync(string, object?[], EnqueueOptions?, CancellationToken)"/>; unset values take the <see cref="JobQueueOptions"/> defaults.</summary>
public sealed class EnqueueOptions
{
    /// <summary>The job id; the caller's own (e.g. a database row id) or a new GUID when null. An id that already exists is refused.</summary>
    public string? JobId { get; init; }

    /// <summary>The queue name; <see cref="JobQueueOptions.DefaultQueue"/> when null.</summary>
    public string? Queue { get; init; }

    /// <summary>Run no earlier than this long from now (RQ's <c>enqueue_in</c>).</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>Run no earlier than this moment (RQ's <c>enqueue_at</c>).</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>How long the handler may run before its token is cancelled and the job fails.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Retry policy on failure; none when null.</summary>
    public Retry? Retry { get; init; }

    /// <summary>How long a finished job and its result are kept; zero deletes at once, negative keeps forever.</summary>
    public TimeSpan? ResultTtl { get; init; }

    /// <summary>How long a failed or canceled job is kept; negative keeps forever.</summary>
    public TimeSpan? FailureTtl { get; init; }

    /// <summary>A human-readable description stored with the job.</summary>
    public string? Description { get; init; }
}
