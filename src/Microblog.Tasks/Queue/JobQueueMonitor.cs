using StackExchange.Redis;

namespace Microblog.Tasks.Queue;

/// <summary>Counts per queue and state; <see cref="Failed"/> counts stopped jobs too (they share RQ's failed registry).</summary>
public sealed record QueueInfo(string Name, long Queued, long Scheduled, long Started, long Finished, long Failed, long Canceled)
{
    /// <summary>Jobs an RQ client enqueued with dependencies, waiting in RQ's deferred registry.</summary>
    public long Deferred { get; init; }
}

/// <summary>A registered worker as of its last heartbeat.</summary>
public sealed record WorkerInfo(
    string Name, string? Hostname, int? Pid, IReadOnlyList<string> Queues, string? State, IReadOnlyList<string> CurrentJobs,
    DateTimeOffset? Birth, DateTimeOffset? LastHeartbeat, long SuccessfulJobCount, long FailedJobCount);

/// <summary>
/// Read and repair operations for an admin dashboard. Every listing is paged by rank (LRANGE/ZRANGE), so it
/// stays fast with a hundred thousand jobs in a registry.
/// </summary>
public sealed class JobQueueMonitor
{
    private static readonly JobStatus[] Registries = [JobStatus.Scheduled, JobStatus.Started, JobStatus.Finished, JobStatus.Failed, JobStatus.Canceled, JobStatus.Deferred];
    private readonly JobStore store;
    private readonly JobQueue queue;
    private readonly JobOutcomes outcomes;

    internal JobQueueMonitor(JobStore store, JobQueue queue, JobOutcomes outcomes)
    {
        this.store = store;
        this.queue = queue;
        this.outcomes = outcomes;
    }

    /// <summary>Every queue ever enqueued to, with its job counts per state.</summary>
    public async Task<IReadOnlyList<QueueInfo>> GetQueuesAsync()
    {
        var db = await store.DatabaseAsync();
        var names = (await db.SetMembersAsync(store.Keys.Queues)).Select(k => store.Keys.QueueName(k!)).Order(StringComparer.Ordinal).ToArray();
        var batch = db.CreateBatch();
        var counts = names.Select(name => (
            Queued: batch.ListLengthAsync(store.Keys.Queue(name)),
            Registries: Registries.Select(s => batch.SortedSetLengthAsync(store.Keys.Registry(s, name))).ToArray())).ToArray();
        batch.Execute();
        var queues = new List<QueueInfo>();
        for (var i = 0; i < names.Length; i++)
        {
            var r = await Task.WhenAll(counts[i].Registries);
            queues.Add(new QueueInfo(names[i], await counts[i].Queued, r[0], r[1], r[2], r[3], r[4]) { Deferred = r[5] });
        }
        return queues;
    }

    /// <summary>The registered workers, live ones and those not yet reaped.</summary>
    public async Task<IReadOnlyList<WorkerInfo>> GetWorkersAsync()
    {
        var db = await store.DatabaseAsync();
        var workers = new List<WorkerInfo>();
        foreach (var key in await db.SetMembersAsync(store.Keys.Workers))
        {
            var name = store.Keys.WorkerName((string)key!);
            var hash = (await db.HashGetAllAsync((string)key!)).ToDictionary(e => (string)e.Name!, e => (string?)e.Value);
            var jobs = await db.ListRangeAsync(store.Keys.WorkerJobs(name));
            workers.Add(new WorkerInfo(
                name,
                hash.GetValueOrDefault("hostname"),
                int.TryParse(hash.GetValueOrDefault("pid"), out var pid) ? pid : null,
                hash.GetValueOrDefault("queues")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [],
                hash.GetValueOrDefault("state"),
                [.. jobs.Select(j => (string)j!)],
                JobStore.ParseIso(hash.GetValueOrDefault("birth")),
                JobStore.ParseIso(hash.GetValueOrDefault("last_heartbeat")),
                long.TryParse(hash.GetValueOrDefault("successful_job_count"), out var ok) ? ok : 0,
                long.TryParse(hash.GetValueOrDefault("failed_job_count"), out var failed) ? failed : 0));
        }
        return workers;
    }

    /// <summary>
    /// A page of job ids of a queue in one state: queue order for queued jobs, registry order (by score) otherwise.
    /// Stopped jobs are listed with the failed ones: RQ keeps both in its failed registry.
    /// </summary>
    public async Task<IReadOnlyList<string>> GetJobIdsAsync(string queue, JobStatus status, long start = 0, long count = 50)
    {
        var db = await store.DatabaseAsync();
        var ids = status == JobStatus.Queued
            ? await db.ListRangeAsync(store.Keys.Queue(queue), start, start + count - 1)
            : await db.SortedSetRangeByRankAsync(store.Keys.Registry(status, queue), start, start + count - 1);
        return [.. ids.Select(id => (string)id!)];
    }

    /// <summary>Puts one failed job back on its queue; false when it is not in the failed registry.</summary>
    public async Task<bool> RequeueFailedJobAsync(string id)
    {
        var db = await store.DatabaseAsync();
        var queue = (string?)await db.HashGetAsync(store.Keys.Job(id), "origin");
        return queue is not null && (int)await store.RunAsync(Scripts.RequeueFailed, queue, id) == 1;
    }

    /// <summary>Puts every failed job of a queue back on it, a thousand per script run; returns how many.</summary>
    public async Task<long> RequeueAllFailedAsync(string queue)
    {
        long total = 0;
        for (int n; (n = (int)await store.RunAsync(Scripts.RequeueFailed, queue)) > 0;)
            total += n;
        return total;
    }

    /// <summary>Cancels a queued or scheduled job; see <see cref="JobQueue.CancelJobAsync"/>.</summary>
    public Task<bool> CancelJobAsync(string id) => queue.CancelJobAsync(id);

    /// <summary>Asks the worker running this job to stop it; see <see cref="JobQueue.StopJobAsync"/>.</summary>
    public Task<bool> StopJobAsync(string id) => queue.StopJobAsync(id);

    /// <summary>
    /// Deletes a job wherever it is; a running one is asked to stop first, and its run's late outcome is dropped.
    /// False when it does not exist. <see cref="IJobOutcomeHandler"/>s hear <see cref="JobOutcomeKind.Deleted"/>.
    /// </summary>
    public async Task<bool> DeleteJobAsync(string id)
    {
        await queue.StopJobAsync(id);
        if ((int)await store.RunAsync(Scripts.Delete, id) != 1)
            return false;
        await outcomes.ReportAsync(new JobOutcome(id, JobOutcomeKind.Deleted));
        return true;
    }

    /// <summary>
    /// Deletes every queued job of a queue, a thousand per script run; returns how many.
    /// <see cref="IJobOutcomeHandler"/>s hear <see cref="JobOutcomeKind.Deleted"/> for each.
    /// </summary>
    public async Task<long> EmptyQueueAsync(string queue)
    {
        long total = 0;
        while ((RedisValue[])(await store.RunAsync(Scripts.Empty, queue))! is { Length: > 0 } ids)
        {
            total += ids.Length;
            await outcomes.ReportAsync(ids.Select(id => new JobOutcome((string)id!, JobOutcomeKind.Deleted)));
        }
        return total;
    }

    /// <summary>Jobs finished and failed per second over the last <paramref name="seconds"/> (at most 600).</summary>
    public Task<JobThroughput> GetThroughputPerSecondAsync(int seconds) => JobThroughputReader.PerSecondAsync(store, seconds);

    /// <summary>Jobs finished and failed per hour over the last <paramref name="hours"/> (at most 192).</summary>
    public Task<JobThroughput> GetThroughputPerHourAsync(int hours) => JobThroughputReader.PerHourAsync(store, hours);
}
