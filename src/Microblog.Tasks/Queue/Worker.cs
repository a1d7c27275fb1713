using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microblog.Tasks.Queue;

/// <summary>
/// Takes jobs from its queues in priority order and runs up to <see cref="WorkerOptions.Concurrency"/> of them at
/// once, each handler in a fresh DI scope. While it runs it heartbeats, moves due scheduled jobs onto their
/// queues and retries or fails the jobs of workers that stopped heartbeating. Run it in-process or from the CLI.
/// </summary>
public sealed partial class Worker
{
    internal static readonly TimeSpan BlockFor = TimeSpan.FromSeconds(1);
    // RQ's own margin over a job's heartbeat before its started-registry entry counts as abandoned.
    private static readonly TimeSpan AbandonMargin = TimeSpan.FromSeconds(60);
    private const string Unrecorded = "not recorded (Redis unreachable or refusing)";

    private readonly IServiceScopeFactory scopes;
    private readonly JobStore store;
    private readonly JobHandlers handlers;
    private readonly QueueConnection connection;
    private readonly JobQueueOptions settings;
    private readonly WorkerOptions options;
    private readonly ILogger<Worker> logger;
    private readonly string[] queues;
    private readonly RedisValue[] queueArgs;
    private readonly ConcurrentDictionary<string, RunningJob> running = new();
    private readonly ConcurrentDictionary<string, RunningJob> stuck = new();
    private readonly JobOutcomes outcomes;
    private readonly SemaphoreSlim slots;
    private readonly CancellationTokenSource stop = new();
    private readonly CancellationTokenSource abort = new();
    private readonly JobLog log;
    private readonly DateTimeOffset birth;
    private CancellationToken stopTaking;
    private int successes;
    private int failures;

    /// <summary>A worker using the queue registered in <paramref name="services"/> by <c>AddJobQueue</c>.</summary>
    public Worker(IServiceProvider services, WorkerOptions options)
    {
        scopes = services.GetRequiredService<IServiceScopeFactory>();
        store = services.GetRequiredService<JobStore>();
        handlers = services.GetRequiredService<JobHandlers>();
        connection = services.GetRequiredService<QueueConnection>();
        outcomes = services.GetRequiredService<JobOutcomes>();
        settings = services.GetRequiredService<IOptions<JobQueueOptions>>().Value;
        logger = services.GetRequiredService<ILogger<Worker>>();
        if (options.Concurrency < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "A worker needs a concurrency of at least 1.");
        this.options = options;
        queues = [.. settings.FirstQueues.Concat(options.Queues.Count > 0 ? options.Queues : [settings.DefaultQueue]).Distinct(StringComparer.Ordinal)];
        queueArgs = [.. queues.Select(q => (RedisValue)q)];
        Name = options.Name ?? $"{Environment.MachineName}.{Environment.ProcessId}.{Guid.NewGuid().ToString("N")[..6]}";
        slots = new SemaphoreSlim(options.Concurrency, options.Concurrency);
        log = new JobLog(logger, options.LogFile);
        birth = store.Time.GetUtcNow();
    }

    /// <summary>The worker's name in <c>rq:workers</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// True once the worker stopped because a handler ignored its cancellation past
    /// <see cref="JobQueueOptions.HardStopLimit"/>: the process should exit so its supervisor starts a fresh one.
    /// </summary>
    public bool Recycled => !stuck.IsEmpty;

    /// <summary>Stops at once, as a second signal does: running jobs are cancelled and put back on their queues.</summary>
    public void Abort()
    {
        abort.Cancel();
        stop.Cancel();
    }

    /// <summary>
    /// Works until <paramref name="stoppingToken"/> fires (or, in burst mode, until there is nothing left to do),
    /// then stops taking jobs, gives running ones <see cref="JobQueueOptions.GracePeriod"/> and puts back the rest.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, stop.Token);
        using var taking = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
        stopTaking = taking.Token;
        using var done = new CancellationTokenSource();
        await RegisterAsync();
        var signals = options.HandleSignals ? HandleSignals() : [];
        var subscriber = await connection.SubscriberAsync();
        var channel = RedisChannel.Literal(store.Keys.WorkerChannel(Name));
        var maintenance = new WorkerMaintenance(store, Name, queues, settings, logger, Heartbeat, running.ContainsKey, outcomes);
        var maintaining = Task.CompletedTask;
        IConnectionMultiplexer? blocking = null;
        try
        {
            await subscriber.SubscribeAsync(channel, (_, message) => OnCommand(message));
            maintaining = maintenance.RunAsync(done.Token);
            blocking = options.Burst ? null : await connection.OpenDedicatedAsync();
            logger.LogInformation("Worker {Worker} started on {Queues} running {Concurrency} at once", Name, string.Join(", ", queues), options.Concurrency);
            await FetchAsync(maintenance, blocking?.GetDatabase(), stopping.Token);
        }
        finally
        {
            // However fetching ended, a job finishing from here on takes no other.
            await taking.CancelAsync();
            await DrainAsync();
            await SettleStuckAsync();
            foreach (var signal in signals)
                signal.Dispose();
            await subscriber.UnsubscribeAsync(channel);
            await done.CancelAsync();
            await maintaining;
            if (blocking is not null)
                await blocking.DisposeAsync();
            await maintenance.UnregisterAsync();
            logger.LogInformation("Worker {Worker} stopped: {Successes} finished, {Failures} failed", Name, successes, failures);
            log.Dispose();
        }
    }

    private async Task RegisterAsync()
    {
        var db = await store.DatabaseAsync();
        if (await db.KeyExistsAsync(store.Keys.Worker(Name)))
            throw new InvalidOperationException($"A worker named '{Name}' is already alive; give each worker its own --name.");
        await Heartbeat(db, [new("birth", JobStore.Iso(birth)), new("successful_job_count", 0), new("failed_job_count", 0)]);
    }

    private Task Heartbeat(IDatabase db) => Heartbeat(db, []);

    /// <summary>
    /// Writes the registration and its expiry in one MULTI, so a crash can never leave a registration that does
    /// not expire, and re-adds the worker to RQ's worker sets (<c>rq:workers</c>, <c>rq:workers:&lt;queue&gt;</c>)
    /// and to the reaper's own record, in case a reaper took it for dead during a long pause. RQ's worker has one
    /// <c>current_job</c>; this one runs several, so the field names the longest-running one (all are in
    /// <c>rq:worker:&lt;name&gt;:jobs</c>) and, as RQ does, is deleted when idle. The started registry's score of
    /// each running job moves on with the heartbeat, as RQ's job heartbeat moves it, so RQ's cleanup never takes
    /// a running job for abandoned.
    /// </summary>
    private async Task Heartbeat(IDatabase db, HashEntry[] once)
    {
        var key = store.Keys.Worker(Name);
        var now = store.Time.GetUtcNow();
        var current = running.Values.Select(r => r.Job).OrderBy(j => j.StartedAt).ToArray();
        var transaction = db.CreateTransaction();
        _ = transaction.HashSetAsync(key,
        [
            .. once,
            new("name", Name),
            new("hostname", Environment.MachineName),
            new("pid", Environment.ProcessId),
            new("queues", string.Join(",", queues)),
            new("state", current.Length > 0 ? "busy" : "idle"),
            new("last_heartbeat", JobStore.Iso(now)),
            .. current.Take(1).Select(j => new HashEntry("current_job", j.Id)),
        ]);
        if (current.Length == 0)
            _ = transaction.HashDeleteAsync(key, "current_job");
        _ = transaction.KeyExpireAsync(key, settings.WorkerTtl);
        _ = transaction.SetAddAsync(store.Keys.Workers, key);
        foreach (var queue in queues)
            _ = transaction.SetAddAsync(store.Keys.WorkersOf(queue), key);
        _ = transaction.HashSetAsync(store.Keys.ReaperWorkers, Name, string.Join(",", queues));
        var abandonedAfter = now.ToUnixTimeMilliseconds() / 1000.0 + (settings.WorkerTtl + AbandonMargin).TotalSeconds;
        foreach (var job in current)
            _ = transaction.SortedSetAddAsync(store.Keys.Registry(JobStatus.Started, job.Queue), job.Id, abandonedAfter,
                SortedSetWhen.Exists | SortedSetWhen.GreaterThan);
        await transaction.ExecuteAsync();
    }

    private async Task FetchAsync(WorkerMaintenance maintenance, IDatabase? blocking, CancellationToken stopping)
    {
        var quiet = false;
        var next = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var taken = 1;
            while (taken < options.Concurrency && slots.Wait(0))
                taken++;
            List<HashEntry[]> jobs;
            try
            {
                jobs = [.. JobStore.Hashes(await store.RunAsync(Scripts.Dequeue, [Name, taken, .. queueArgs]))];
            }
            catch (Exception e) when (e is JobQueueUnavailableException or RedisServerException)
            {
                slots.Release(taken);
                logger.LogWarning(e, "Worker {Worker} cannot take jobs from Redis; trying again", Name);
                await Task.Delay(BlockFor, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }
            if (jobs.Count > 0)
            {
                quiet = false;
                if (taken > jobs.Count)
                    slots.Release(taken - jobs.Count);
                foreach (var hash in jobs)
                {
                    if (!Launch(hash))
                        slots.Release();
                }
                continue;
            }
            if (taken > 1)
                slots.Release(taken - 1);
            if (blocking is null)
            {
                slots.Release();
                if (running.IsEmpty)
                {
                    if (await maintenance.PromoteAsync() == 0 && quiet)
                        return;
                    quiet = true;
                }
                else
                {
                    await Task.WhenAny(running.Values.Select(r => r.Completion).Append(Task.Delay(settings.SchedulerInterval, CancellationToken.None)));
                }
                continue;
            }
            var queue = queues[next++ % queues.Length];
            var one = await TakeBlockingAsync(blocking, queue);
            if (one is null || !Launch(one))
                slots.Release();
        }
    }

    private async Task<HashEntry[]?> TakeBlockingAsync(IDatabase blocking, string queue)
    {
        Task<RedisResult>? started = null;
        try
        {
            // Blocks only this dedicated connection; a queue with several queues waits a short while on each in turn.
            var seconds = queues.Length == 1 ? BlockFor.TotalSeconds : 0.2;
            var moved = blocking.ExecuteAsync("BLMOVE", store.Keys.Queue(queue), store.Keys.WorkerJobs(Name), "LEFT", "RIGHT", seconds);
            started = store.RunAsync(blocking, Scripts.StartTaken, Name);
            await Task.WhenAll(moved, started);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or JobQueueUnavailableException)
        {
            logger.LogWarning(e, "Worker {Worker} cannot take jobs from Redis; trying again", Name);
            // A job the script did start still runs here; one it did not is started by a later take.
            if (started is not { IsCompletedSuccessfully: true })
                return null;
        }
        return JobStore.Hashes(started.Result).FirstOrDefault();
    }

    /// <summary>Gives running jobs the grace period, then cancels the rest and puts them back on their queues.</summary>
    private async Task DrainAsync()
    {
        IEnumerable<RunningJob> Live() => running.Values.Where(r => !stuck.ContainsKey(r.Job.Id));
        if (!running.IsEmpty && !abort.IsCancellationRequested)
        {
            logger.LogInformation("Worker {Worker} waiting up to {Grace} for {Count} running job(s)", Name, settings.GracePeriod, running.Count);
            await Task.WhenAny(Task.WhenAll(running.Values.Select(r => r.Completion)), Task.Delay(settings.GracePeriod, abort.Token))
                .ContinueWith(_ => { }, TaskScheduler.Default);
        }
        // Again until none is left: a job that finished as the worker was stopping may have taken one more.
        while (Live().ToArray() is { Length: > 0 } left)
        {
            foreach (var run in left)
                run.Stop(StopReason.Shutdown);
            try
            {
                await Task.WhenAll(left.Select(r => r.Completion));
            }
            catch (Exception e)
            {
                // Stopping goes on regardless: the rest of shutdown puts back and unregisters.
                logger.LogError(e, "Worker {Worker} saw a run end in error while stopping", Name);
            }
        }
    }

    /// <summary>
    /// RQ's worker commands (<c>rq.command</c>, on <c>rq:pubsub:&lt;worker&gt;</c>): <c>stop-job</c> stops that job
    /// (it ends stopped); <c>shutdown</c> is a graceful stop, as the SIGINT RQ's worker sends itself; this worker
    /// has no work horse, so <c>kill-horse</c> stops every job it runs, as a stop-job for each would.
    /// </summary>
    private void OnCommand(RedisValue message)
    {
        try
        {
            using var command = JsonDocument.Parse((string)message!);
            var name = command.RootElement.GetProperty("command").GetString();
            logger.LogInformation("Worker {Worker} received command {Command}", Name, (string?)message);
            switch (name)
            {
                case "stop-job" when running.TryGetValue(command.RootElement.GetProperty("job_id").GetString()!, out var run):
                    run.Stop(StopReason.Requested);
                    break;
                case "kill-horse":
                    foreach (var each in running.Values)
                        each.Stop(StopReason.Requested);
                    break;
                case "shutdown":
                    stop.Cancel();
                    break;
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            logger.LogWarning(e, "Worker {Worker} ignored a malformed command {Command}", Name, (string?)message);
        }
    }

    private PosixSignalRegistration[] HandleSignals()
    {
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (stop.IsCancellationRequested)
            {
                logger.LogWarning("Worker {Worker} stopping at once; running jobs go back to their queues", Name);
                Abort();
            }
            else
            {
                logger.LogInformation("Worker {Worker} shutting down; a second signal stops at once", Name);
                stop.Cancel();
            }
        }
        return [PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal)];
    }
}
