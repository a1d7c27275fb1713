using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Microblog.Tasks.Queue;

/// <summary>
/// A worker's housekeeping, so no separate scheduler or janitor process is needed: heartbeats, promoting due
/// scheduled jobs, putting back jobs stranded in the worker's own in-flight list, and reaping workers whose
/// registration expired because they stopped heartbeating.
/// </summary>
internal sealed class WorkerMaintenance(
    JobStore store, string worker, string[] queues, JobQueueOptions settings, ILogger logger,
    Func<IDatabase, Task> heartbeat, Func<string, bool> isRunning, JobOutcomes outcomes)
{
    private Dictionary<string, DateTimeOffset> strays = [];

    public async Task RunAsync(CancellationToken done)
    {
        var nextHeartbeat = store.Time.GetUtcNow() + settings.HeartbeatInterval;
        while (!done.IsCancellationRequested)
        {
            try
            {
                await PromoteAsync();
                if (store.Time.GetUtcNow() >= nextHeartbeat)
                {
                    nextHeartbeat = store.Time.GetUtcNow() + settings.HeartbeatInterval;
                    var db = await store.DatabaseAsync();
                    await heartbeat(db);
                    await PutBackStrandedAsync(db);
                    await ReapAsync();
                    await outcomes.HousekeepAsync(done);
                }
            }
            catch (Exception e) when (e is RedisException or TimeoutException or JobQueueUnavailableException)
            {
                logger.LogWarning(e, "Worker {Worker} housekeeping failed; trying again", worker);
            }
            await Task.Delay(settings.SchedulerInterval, done).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Moves due scheduled jobs of this worker's queues onto the queues; returns how many.</summary>
    public async Task<int> PromoteAsync() =>
        (int)await store.RunAsync(Scripts.Maintain, [.. queues.Select(q => (RedisValue)q)]);

    /// <summary>
    /// A take whose reply never arrived (a timeout, or a connection dropped after Redis ran the script) leaves a
    /// job in this worker's in-flight list that it never launched, and a run whose outcome could not be written
    /// leaves one no longer running: nothing would run or settle either while the worker lives. One still there
    /// and not running after twice the command timeout (the client has given up on any reply by then) goes back
    /// to the front of its queue, to run again: delivery is at least once. The script leaves a job a take started
    /// after that cutoff, one this sweep may have read the list just before.
    /// </summary>
    private async Task PutBackStrandedAsync(IDatabase db)
    {
        var now = store.Time.GetUtcNow();
        var cutoff = now - 2 * settings.ConnectTimeout;
        var listed = await db.ListRangeAsync(store.Keys.WorkerJobs(worker));
        strays = listed.Select(v => (string)v!).Where(id => !isRunning(id)).Distinct()
            .ToDictionary(id => id, id => strays.GetValueOrDefault(id, now));
        var before = JobStore.Iso(cutoff);
        foreach (var (id, since) in strays.Where(s => s.Value <= cutoff).ToArray())
        {
            if ((int)await store.RunAsync(Scripts.PutBack, worker, id, before) == 1)
                logger.LogWarning("Worker {Worker} put back job {JobId}: taken {Since} ago, but the reply never reached this worker", worker, id, now - since);
            strays.Remove(id);
        }
    }

    /// <summary>
    /// Settles the jobs of every registered worker whose key has expired (no heartbeat for the worker TTL). The
    /// workers come from the reaper's own record, which RQ's tools never prune, and from <c>rq:workers</c>.
    /// </summary>
    public async Task ReapAsync()
    {
        var db = await store.DatabaseAsync();
        var recorded = (await db.HashKeysAsync(store.Keys.ReaperWorkers)).Select(name => (string)name!);
        var listed = (await db.SetMembersAsync(store.Keys.Workers)).Select(key => store.Keys.WorkerName((string)key!));
        foreach (var dead in recorded.Union(listed))
        {
            if (await db.KeyExistsAsync(store.Keys.Worker(dead)))
                continue;
            var reason = $"WorkerDiedException: worker {dead} stopped heartbeating while running this job; settled by worker {worker}.";
            var reply = await store.RunAsync(Scripts.Reap, dead, reason, JobJson.StreamException(reason));
            if (reply.IsNull)
                continue;
            var settled = Reaped((RedisValue[])reply!, JobOutcomeKind.WorkerDied).ToArray();
            logger.LogWarning("Worker {Worker} found worker {Dead} dead and settled its {Count} job(s)", worker, dead, settled.Length);
            await outcomes.ReportAsync(settled);
        }
    }

    /// <summary>
    /// Removes this worker's registration once nothing runs any more. What is still in its in-flight list (a take
    /// whose reply was lost, an outcome that could not be written) goes back to its queue rather than be failed as
    /// a dead worker's jobs are.
    /// </summary>
    public async Task UnregisterAsync()
    {
        try
        {
            var db = await store.DatabaseAsync();
            foreach (var id in await db.ListRangeAsync(store.Keys.WorkerJobs(worker)))
                await store.RunAsync(Scripts.PutBack, worker, (string)id!);
            await db.KeyDeleteAsync(store.Keys.Worker(worker));
            var reason = $"WorkerDiedException: worker {worker} stopped before settling this job.";
            var reply = await store.RunAsync(Scripts.Reap, worker, reason, JobJson.StreamException(reason));
            if (!reply.IsNull)
                await outcomes.ReportAsync(Reaped((RedisValue[])reply!, JobOutcomeKind.WorkerDied));
        }
        catch (Exception e) when (e is RedisException or TimeoutException or JobQueueUnavailableException)
        {
            logger.LogWarning(e, "Worker {Worker} could not unregister; another worker will reap it", worker);
        }
    }

    /// <summary>The outcomes in <see cref="Scripts.Reap"/>'s reply: started jobs it retried or failed (jobs it put back have none).</summary>
    private static IEnumerable<JobOutcome> Reaped(RedisValue[] pairs, JobOutcomeKind kind)
    {
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            if ((string?)pairs[i + 1] is "retried" or "failed")
                yield return new JobOutcome((string)pairs[i]!, kind, (string?)pairs[i + 1] == "retried");
        }
    }
}
