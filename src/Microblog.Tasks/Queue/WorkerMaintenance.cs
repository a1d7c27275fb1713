using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Microblog.Tasks.Queue;

/// <summary>
/// A worker's housekeeping, so no separate scheduler or janitor process is needed: heartbeats, promoting due
/// scheduled jobs, and reaping workers whose registration expired because they stopped heartbeating.
/// </summary>
internal sealed class WorkerMaintenance(
    JobStore store, string worker, string[] queues, JobQueueOptions settings, ILogger logger, Func<IDatabase, Task> heartbeat)
{
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
                    await heartbeat(await store.DatabaseAsync());
                    await ReapAsync();
                }
            }
            catch (Exception e) when (e is RedisException or JobQueueUnavailableException)
            {
                logger.LogWarning(e, "Worker {Worker} housekeeping failed; trying again", worker);
            }
            await Task.Delay(settings.SchedulerInterval, done).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Moves due scheduled jobs of this worker's queues onto the queues; returns how many.</summary>
    public async Task<int> PromoteAsync() =>
        (int)await store.RunAsync(Scripts.Maintain, [.. queues.Select(q => (RedisValue)q)]);

    /// <summary>Settles the jobs of every registered worker whose key has expired (no heartbeat for the worker TTL).</summary>
    public async Task ReapAsync()
    {
        var db = await store.DatabaseAsync();
        foreach (var key in await db.SetMembersAsync(store.Keys.Workers))
        {
            if (await db.KeyExistsAsync((string)key!))
                continue;
            var dead = store.Keys.WorkerName((string)key!);
            var jobs = (int)await store.RunAsync(Scripts.Reap, dead,
                $"WorkerDiedException: worker {dead} stopped heartbeating while running this job; settled by worker {worker}.");
            if (jobs >= 0)
                logger.LogWarning("Worker {Worker} found worker {Dead} dead and settled its {Count} job(s)", worker, dead, jobs);
        }
    }

    /// <summary>Removes this worker's registration; whatever is still in its in-flight list goes back or is retried.</summary>
    public async Task UnregisterAsync()
    {
        try
        {
            var db = await store.DatabaseAsync();
            await db.KeyDeleteAsync(store.Keys.Worker(worker));
            await store.RunAsync(Scripts.Reap, worker, $"WorkerDiedException: worker {worker} stopped before settling this job.");
        }
        catch (Exception e) when (e is RedisException or JobQueueUnavailableException)
        {
            logger.LogWarning(e, "Worker {Worker} could not unregister; another worker will reap it", worker);
        }
    }
}
