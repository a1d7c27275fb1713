namespace Microblog.Tasks.Queue;

/// <summary>RQ's key names under a configurable prefix. The Lua scripts build the same names from the prefix.</summary>
internal sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;
    public string Queues => Prefix + "queues";
    public string Workers => Prefix + "workers";
    public string Queue(string name) => Prefix + "queue:" + name;
    public string Job(string id) => Prefix + "job:" + id;
    public string Worker(string name) => Prefix + "worker:" + name;
    public string WorkerJobs(string name) => Prefix + "worker:" + name + ":jobs";
    public string WorkerChannel(string name) => Prefix + "pubsub:" + name;
    public string Registry(JobStatus status, string queue) => Prefix + status switch
    {
        JobStatus.Scheduled => "scheduled:",
        JobStatus.Started => "wip:",
        JobStatus.Finished => "finished:",
        JobStatus.Failed => "failed:",
        JobStatus.Canceled => "canceled:",
        _ => throw new ArgumentOutOfRangeException(nameof(status), "Queued jobs live in the queue list, not a registry."),
    } + queue;
    public string QueueName(string queueKey) => queueKey[(Prefix + "queue:").Length..];
    public string WorkerName(string workerKey) => workerKey[(Prefix + "worker:").Length..];
}
