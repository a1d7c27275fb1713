using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
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
public sealed class Worker
{
    internal static readonly TimeSpan BlockFor = TimeSpan.FromSeconds(1);
    private const string Unrecorded = "not recorded (Redis unreachable)";

    private readonly IServiceScopeFactory scopes;
    private readonly JobStore store;
    private readonly JobHandlers handlers;
    private readonly QueueConnection connection;
    private readonly JobQueueOptions settings;
    private readonly WorkerOptions options;
    private readonly ILogger<Worker> logger;
    private readonly string[] queues;
    private readonly ConcurrentDictionary<string, RunningJob> running = new();
    private Dictionary<string, DateTimeOffset> strays = [];
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
        settings = services.GetRequiredService<IOptions<JobQueueOptions>>().Value;
        logger = services.GetRequiredService<ILogger<Worker>>();
        if (options.Concurrency < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "A worker needs a concurrency of at least 1.");
        if (settings.WorkerTtl <= settings.HeartbeatInterval)
            throw new ArgumentException($"JobQueue:WorkerTtl ({settings.WorkerTtl}) must be longer than JobQueue:HeartbeatInterval ({settings.HeartbeatInterval}), or live workers look dead.");
        this.options = options;
        queues = options.Queues.Count > 0 ? [.. options.Queues] : [settings.DefaultQueue];
        Name = options.Name ?? $"{Environment.MachineName}.{Environment.ProcessId}.{Guid.NewGuid().ToString("N")[..6]}";
        slots = new SemaphoreSlim(options.Concurrency, options.Concurrency);
        log = new JobLog(logger, options.LogFile);
        birth = store.Time.GetUtcNow();
    }

    /// <summary>The worker's name in <c>rq:workers</c>.</summary>
    public string Name { get; }

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
        var maintenance = new WorkerMaintenance(store, Name, queues, settings, logger, BeatAsync);
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
            foreach (var signal in signals)
                signal.Dispose();
            await subscriber.UnsubscribeAsync(channel);
            await done.CancelAsync();
            await maintaining;
            if (blocking is not null)
                await blocking.DisposeAsync();
            await PutBackLeftoversAsync();
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

    private async Task BeatAsync(IDatabase db)
    {
        await Heartbeat(db, []);
        await PutBackStrandedAsync(db);
    }

    /// <summary>
    /// Writes the registration and its expiry in one MULTI, so a crash can never leave a registration that does
    /// not expire, and re-adds the worker to the set in case a reaper took it for dead during a long pause.
    /// </summary>
    private async Task Heartbeat(IDatabase db, HashEntry[] once)
    {
        var key = store.Keys.Worker(Name);
        var current = running.Keys.ToArray();
        var transaction = db.CreateTransaction();
        _ = transaction.HashSetAsync(key,
        [
            .. once,
            new("name", Name),
            new("hostname", Environment.MachineName),
            new("pid", Environment.ProcessId),
            new("queues", string.Join(",", queues)),
            new("state", current.Length > 0 ? "busy" : "idle"),
            new("current_job", current.FirstOrDefault() ?? ""),
            new("last_heartbeat", JobStore.Iso(store.Time.GetUtcNow())),
        ]);
        _ = transaction.KeyExpireAsync(key, settings.WorkerTtl);
        _ = transaction.SetAddAsync(store.Keys.Workers, key);
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
                jobs = [.. JobStore.Hashes(await store.RunAsync(Scripts.Dequeue, [Name, taken, .. queues.Select(q => (RedisValue)q)]))];
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

    /// <summary>
    /// A take whose reply never arrived (a timeout, or a connection dropped after Redis ran the script) leaves a
    /// job in this worker's in-flight list that this process never launched, and a run whose outcome could not
    /// be written leaves one no longer running: nothing would run or settle either while the worker lives. One
    /// still there and not running after twice the command timeout (the client has given up on any reply by
    /// then) goes back to the front of its queue, to run again: delivery is at least once.
    /// </summary>
    private async Task PutBackStrandedAsync(IDatabase db)
    {
        var now = store.Time.GetUtcNow();
        var listed = await db.ListRangeAsync(store.Keys.WorkerJobs(Name));
        strays = listed.Select(v => (string)v!).Where(id => !running.ContainsKey(id)).Distinct()
            .ToDictionary(id => id, id => strays.GetValueOrDefault(id, now));
        foreach (var (id, since) in strays.Where(s => now - s.Value >= 2 * settings.ConnectTimeout).ToArray())
        {
            var cutoff = (now - 2 * settings.ConnectTimeout).ToUnixTimeMilliseconds() / 1000.0;
            if ((int?)await SettleAsync(Scripts.PutBack, id, cutoff.ToString("F3", CultureInfo.InvariantCulture)) == 1)
                logger.LogWarning("Worker {Worker} put back job {JobId}: taken {Since} ago, but the reply never reached this worker", Name, id, now - since);
            strays.Remove(id);
        }
    }

    /// <summary>
    /// Once nothing runs any more, what is still in the in-flight list (a take whose reply was lost, an outcome
    /// that could not be written) goes back to its queue, rather than be failed as a dead worker's jobs are.
    /// </summary>
    private async Task PutBackLeftoversAsync()
    {
        try
        {
            var db = await store.DatabaseAsync();
            foreach (var id in await db.ListRangeAsync(store.Keys.WorkerJobs(Name)))
                await SettleAsync(Scripts.PutBack, (string)id!);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or JobQueueUnavailableException)
        {
            logger.LogWarning(e, "Worker {Worker} could not put back the jobs it still held; another worker will reap them", Name);
        }
    }

    /// <summary>
    /// Runs a started job in the slot the caller holds, released when the run ends. Returns false, the caller
    /// keeping its slot, for a job this process cannot read (written by something other than this queue): it is
    /// failed with the reason rather than crash the worker on every take.
    /// </summary>
    private bool Launch(HashEntry[] hash)
    {
        var id = (string)hash.First(e => e.Name == "id").Value!;
        Job job;
        try
        {
            job = new Job(store, id, hash);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidCastException or OverflowException)
        {
            logger.LogError(e, "Worker {Worker} cannot read job {JobId}; failing it", Name, id);
            _ = FailAsync(id, $"UnreadableJob: {e.Message}", null);
            return false;
        }
        var run = new RunningJob(job);
        running[id] = run;
        run.Completion = Task.Run(() => ExecuteAsync(run));
        return true;
    }

    private async Task ExecuteAsync(RunningJob run)
    {
        var job = run.Job;
        var clock = Stopwatch.StartNew();
        Func<Task<string>> settle;
        var finished = false;
        try
        {
            if (job.Timeout > TimeSpan.Zero)
                run.Cancellation.CancelAfter(job.Timeout);
            var result = await RunHandlerAsync(run);
            settle = () => FinishAsync(job.Id, result);
            finished = true;
        }
        catch (Exception) when (run.Cancellation.IsCancellationRequested)
        {
            settle = run.Reason switch
            {
                StopReason.Requested => async () => await SettleAsync(Scripts.Stopped, job.Id, "JobStopped: stopped on request while running.") is null ? Unrecorded : "stopped",
                StopReason.Shutdown => async () => await SettleAsync(Scripts.PutBack, job.Id) is null ? Unrecorded : "put back",
                _ => () => FailAsync(job.Id, $"JobTimeoutException: Job exceeded maximum timeout value ({job.Timeout.TotalSeconds:0.###} seconds)", null),
            };
        }
        catch (Exception e)
        {
            settle = () => FailAsync(job.Id, e.ToString(), e);
        }
        // A finished job hands its slot on in FinishAsync. Any other outcome frees it now, so the slot takes the
        // next job while the outcome is written; until then the job stays in this worker's in-flight list and in
        // `running`, so shutdown and burst mode wait for it.
        if (!finished)
            slots.Release();
        string outcome;
        try
        {
            outcome = await settle();
        }
        finally
        {
            running.TryRemove(job.Id, out _);
            run.Dispose();
        }
        log.Write(job, outcome, clock.Elapsed);
    }

    /// <summary>Runs the handler in a fresh scope; returns its JSON result, or null for a plain Task.</summary>
    private async Task<string?> RunHandlerAsync(RunningJob run)
    {
        var job = run.Job;
        var handler = handlers.Get(job.Name);
        var bound = handler.Bind(job.Args);
        await using var scope = scopes.CreateAsyncScope();
        var instance = scope.ServiceProvider.GetRequiredService(handler.Type);
        Job.Current = job;
        // WaitAsync frees the slot when the token fires even if the handler ignores its token.
        return await handler.InvokeAsync(instance, bound, run.Cancellation.Token).WaitAsync(run.Cancellation.Token);
    }

    /// <summary>
    /// Records how a run ended. A job this worker took stays in its in-flight list until one of these scripts
    /// settles it, and the scripts only settle a job still in that list. Together with the atomic takes
    /// (<see cref="Scripts.Dequeue"/>, the take in <see cref="Scripts.Finish"/>, and BLMOVE pipelined with
    /// <see cref="Scripts.StartTaken"/>), the reaper (<see cref="Scripts.Reap"/>) for dead workers and
    /// <see cref="PutBackStrandedAsync"/> for takes whose reply was lost, this is the at-least-once guarantee:
    /// every job is in a queue, in the scheduled registry, in exactly one live or dead worker's in-flight list,
    /// or settled — never nowhere — and none stays in a list with nothing to run it.
    /// Returns null when Redis could not be reached.
    /// </summary>
    private async Task<RedisResult?> SettleAsync(RedisScript script, string id, params RedisValue[] detail)
    {
        try
        {
            return await store.RunAsync(script, [Name, id, .. detail]);
        }
        catch (Exception e) when (e is JobQueueUnavailableException or RedisServerException)
        {
            // The job stays in this worker's in-flight list, to be put back (PutBackStrandedAsync) or reaped.
            logger.LogError(e, "Could not record the outcome of job {JobId}", id);
            return null;
        }
    }

    /// <summary>
    /// Records the result and, in the same round trip, takes the next job for the slot this one frees: the
    /// slot passes to that job, or is released when there is none or the worker is stopping.
    /// </summary>
    private async Task<string> FinishAsync(string id, string? result)
    {
        var handedOn = false;
        RedisResult? reply;
        try
        {
            var take = stopTaking.IsCancellationRequested ? 0 : 1;
            reply = await SettleAsync(Scripts.Finish, id, [result ?? "", take, .. queues.Select(q => (RedisValue)q)]);
            var next = reply is null ? null : JobStore.Hashes(((RedisResult[])reply!)[1]).FirstOrDefault();
            handedOn = next is not null && Launch(next);
        }
        finally
        {
            if (!handedOn)
                slots.Release();
        }
        if (reply is null)
            return Unrecorded;
        Interlocked.Increment(ref successes);
        return "finished";
    }

    private async Task<string> FailAsync(string id, string excInfo, Exception? error)
    {
        var reply = await SettleAsync(Scripts.Fail, id, excInfo);
        if (reply is null)
            return Unrecorded;
        Interlocked.Increment(ref failures);
        var retried = (string?)reply == "retried";
        if (error is not null)
            logger.LogWarning(error, "Job {JobId} failed{Retry}", id, retried ? "; it will be retried" : "");
        return retried ? "failed, retrying" : "failed";
    }

    /// <summary>Gives running jobs the grace period, then cancels the rest and puts them back on their queues.</summary>
    private async Task DrainAsync()
    {
        if (!running.IsEmpty && !abort.IsCancellationRequested)
        {
            logger.LogInformation("Worker {Worker} waiting up to {Grace} for {Count} running job(s)", Name, settings.GracePeriod, running.Count);
            await Task.WhenAny(Task.WhenAll(running.Values.Select(r => r.Completion)), Task.Delay(settings.GracePeriod, abort.Token))
                .ContinueWith(_ => { }, TaskScheduler.Default);
        }
        // Again until none is left: a job that finished as the worker was stopping may have taken one more.
        while (running.Values.ToArray() is { Length: > 0 } left)
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

    private void OnCommand(RedisValue message)
    {
        try
        {
            using var command = JsonDocument.Parse((string)message!);
            if (command.RootElement.GetProperty("command").GetString() == "stop-job"
                && running.TryGetValue(command.RootElement.GetProperty("job_id").GetString()!, out var run))
                run.Stop(StopReason.Requested);
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
