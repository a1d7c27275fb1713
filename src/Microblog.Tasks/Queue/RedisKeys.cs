namespace Microblog.Tasks.Queue;

/// <summary>
/// RQ 1.13's key names under a configurable prefix (RQ's tools only find them under the default <c>rq:</c>). The
/// Lua scripts build the same names from the prefix.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;
    public string Queues => Prefix + "queues";
    public string Workers => Prefix + "workers";
    /// <summary>RQ's per-queue worker set, which <c>rq info</c> counts.</summary>
    public string WorkersOf(string queue) => Prefix + "workers:" + queue;
    /// <summary>
    /// The reaper's own record of registered workers (name → queues). RQ's <c>Worker.all()</c> and <c>rq info</c>
    /// drop a dead worker from <c>rq:workers</c>; the reaper must still find it to settle its jobs.
    /// </summary>
    public string ReaperWorkers => Prefix + "reaper:workers";
    public string Queue(string name) => Prefix + "queue:" + name;
    public string Job(string id) => Prefix + "job:" + id;
    /// <summary>RQ's stream of a job's results (<c>rq.results.Result</c>): one entry per finish, failure or stop.</summary>
    public string Results(string id) => Prefix + "results:" + id;
    public string Worker(string name) => Prefix + "worker:" + name;
    public string WorkerJobs(string name) => Prefix + "worker:" + name + ":jobs";
    public string WorkerChannel(string name) => Prefix + "pubsub:" + name;
    public string Registry(JobStatus status, string queue) => Prefix + status switch
    {
        JobStatus.Scheduled => "scheduled:",
        JobStatus.Started => "wip:",
        JobStatus.Finished => "finished:",
        JobStatus.Failed or JobStatus.Stopped => "failed:",
        JobStatus.Canceled => "canceled:",
        JobStatus.Deferred => "deferred:",
        _ => throw new ArgumentOutOfRangeException(nameof(status), "Queued jobs live in the queue list, not a registry."),
    } + queue;
    public string QueueName(string queueKey) => queueKey[(Prefix + "queue:").Length..];
    public string WorkerName(string workerKey) => workerKey[(Prefix + "worker:").Length..];
}
