namespace Microblog.Tasks.Queue;

/// <summary>Settings of the job queue and its workers, bound from the configuration section <c>JobQueue</c>.</summary>
public sealed class JobQueueOptions
{
    /// <summary>Prefix of every Redis key; tests give each run its own.</summary>
    public string Prefix { get; set; } = "rq:";

    /// <summary>The queue used when an enqueue names none, and the one a worker listens on by default.</summary>
    public string DefaultQueue { get; set; } = "default";

    /// <summary>
    /// Queues every worker takes from first, before the ones it was given (e.g. mail, so it never waits behind long
    /// jobs). Set in code; empty by default.
    /// </summary>
    public IReadOnlyList<string> FirstQueues { get; set; } = [];

    /// <summary>Default handler timeout (RQ: 180 s).</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(180);

    /// <summary>Default result TTL (RQ: 500 s).</summary>
    public TimeSpan DefaultResultTtl { get; set; } = TimeSpan.FromSeconds(500);

    /// <summary>Default failure TTL (RQ: one year).</summary>
    public TimeSpan DefaultFailureTtl { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How long connecting to Redis, and any one command, may take before the caller gets an error.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a worker refreshes its registration, promotes due scheduled jobs and looks for dead workers.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A worker that has not heartbeated for this long is dead; its jobs are retried or failed by another worker.</summary>
    public TimeSpan WorkerTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a worker moves due scheduled jobs onto their queues; the delay precision.</summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long running jobs get to finish after a shutdown signal before they are put back on their queue.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// How long a handler whose token was cancelled (timeout, stop, shutdown) may go on before its worker gives up on
    /// it: the slot stays taken meanwhile, then the worker logs it, settles the job and exits for its supervisor to
    /// start a fresh process.
    /// </summary>
    public TimeSpan HardStopLimit { get; set; } = TimeSpan.FromSeconds(30);
}
