namespace Microblog.Tasks.Queue;

/// <summary>How the queue settled a job.</summary>
public enum JobOutcomeKind
{
    /// <summary>The handler returned.</summary>
    Finished,
    /// <summary>The handler threw.</summary>
    Failed,
    /// <summary>The handler ran past the job's timeout; its token was cancelled.</summary>
    TimedOut,
    /// <summary>The worker running it stopped heartbeating; the reaper settled it.</summary>
    WorkerDied,
    /// <summary>Canceled before it ran.</summary>
    Canceled,
    /// <summary>Stopped on request while it ran.</summary>
    Stopped,
    /// <summary>Deleted, alone or with its whole queue.</summary>
    Deleted,
}

/// <summary>
/// One settled job, as <see cref="IJobOutcomeHandler"/>s hear of it. <paramref name="WillRetry"/>: a failure that the
/// job's retry policy sends round again, so its end is still to come. <paramref name="Detail"/> is for logs only:
/// exception text, host names and process ids.
/// </summary>
public sealed record JobOutcome(string JobId, JobOutcomeKind Kind, bool WillRetry = false, string? Detail = null);

/// <summary>
/// RQ's <c>on_success</c>, <c>on_failure</c> and <c>on_stopped</c> callbacks in one: told once the queue has settled a
/// job (by a worker, the reaper or the dashboard). Resolved from a fresh scope per outcome. A handler that throws is
/// logged and not called again for that outcome, so keep a durable record that a sweep can repair from.
/// </summary>
public interface IJobOutcomeHandler
{
    Task OnOutcomeAsync(JobOutcome outcome, CancellationToken ct);
}

/// <summary>
/// Run by every worker at each heartbeat, beside the queue's own housekeeping: for the application's sweeps
/// (outcomes lost with a process, leftovers of dead processes). Resolved from a fresh scope each time.
/// </summary>
public interface IWorkerHousekeeping
{
    Task RunAsync(CancellationToken ct);
}
