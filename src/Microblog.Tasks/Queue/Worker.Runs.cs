using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Microblog.Tasks.Queue;

// One job's run: launched in a slot, its handler in a fresh scope, its outcome settled in Redis (Worker.cs holds
// the worker's life: registering, taking jobs, stopping).
public sealed partial class Worker
{
    private const string StoppedOnRequest = "JobStopped: stopped on request while running.";

    /// <summary>
    /// Runs a started job in the slot the caller holds, released when the run ends. Returns false, the caller
    /// keeping its slot, for a job this process cannot read (e.g. pickled by an RQ client's default serializer): it
    /// is failed with the reason rather than crash the worker on every take.
    /// </summary>
    private bool Launch(HashEntry[] hash)
    {
        var id = (string)hash.First(e => e.Name == "id").Value!;
        var job = new Job(store, id, hash);
        if (job.Unreadable is { } problem)
        {
            logger.LogError("Worker {Worker} cannot read job {JobId}; failing it: {Problem}", Name, id, problem);
            _ = FailUnreadableAsync(id, $"UnreadableJob: {problem}");
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
        Func<Task<Settled>> settle;
        var finished = false;
        try
        {
            if (job.Timeout > TimeSpan.Zero)
                run.Cancellation.CancelAfter(job.Timeout);
            var result = await RunHandlerAsync(run);
            settle = () => FinishAsync(job.Id, result);
            finished = true;
        }
        catch (HandlerStuckException)
        {
            // The handler still runs: its slot stays taken and the job stays in `running` and in the in-flight list
            // until the worker, recycling, settles it after everything else has stopped.
            logger.LogCritical("Job {JobId} {JobName} ignored its cancellation ({Reason}) for {Limit}; worker {Worker} recycles itself",
                job.Id, job.Name, run.Reason == StopReason.None ? "timeout" : run.Reason, settings.HardStopLimit, Name);
            stuck[job.Id] = run;
            Abort();
            return;
        }
        catch (Exception) when (run.Cancellation.IsCancellationRequested)
        {
            settle = () => SettleCancelledAsync(run);
        }
        catch (Exception e)
        {
            settle = () => FailAsync(job.Id, e.ToString(), e, JobOutcomeKind.Failed);
        }
        // A finished job hands its slot on in FinishAsync. Any other outcome frees it now (its handler has returned),
        // so the slot takes the next job while the outcome is written. Until the outcome is written and reported
        // the job stays in `running`, so shutdown and burst mode wait for the app to hear how it ended.
        if (!finished)
            slots.Release();
        try
        {
            var settled = await settle();
            log.Write(job, settled.Text, clock.Elapsed);
            if (settled.Outcome is { } outcome)
                await outcomes.ReportAsync(outcome);
        }
        finally
        {
            running.TryRemove(job.Id, out _);
            run.Dispose();
        }
    }

    /// <summary>A run whose token fired: stopped on request, put back at shutdown, or failed by its timeout.</summary>
    private async Task<Settled> SettleCancelledAsync(RunningJob run)
    {
        var id = run.Job.Id;
        switch (run.Reason)
        {
            case StopReason.Requested:
                var stopped = await SettleAsync(Scripts.Stopped, id, [StoppedOnRequest, JobJson.StreamException(StoppedOnRequest)]);
                return stopped is null ? new(Unrecorded, null)
                    : (int)stopped == 1 ? new("stopped", new JobOutcome(id, JobOutcomeKind.Stopped)) : Dropped;
            case StopReason.Shutdown:
                var back = await SettleAsync(Scripts.PutBack, id);
                return back is null ? new(Unrecorded, null) : (int)back == 1 ? new("put back", null) : Dropped;
            default:
                return await FailAsync(id, $"JobTimeoutException: Job exceeded maximum timeout value ({run.Job.Timeout.TotalSeconds:0.###} seconds)", null, JobOutcomeKind.TimedOut);
        }
    }

    /// <summary>
    /// Runs the handler in a fresh scope; returns its JSON result, or null for a plain Task. Once the token fires
    /// the handler gets <see cref="JobQueueOptions.HardStopLimit"/> to notice; its slot stays taken meanwhile, so the
    /// worker never runs more than its concurrency. Past the limit it throws <see cref="HandlerStuckException"/>,
    /// leaving the scope undisposed: the handler may still be using it.
    /// </summary>
    private async Task<string?> RunHandlerAsync(RunningJob run)
    {
        var job = run.Job;
        var handler = handlers.Get(job.Name);
        var bound = handler.Bind(job.Args);
        var scope = scopes.CreateAsyncScope();
        var instance = scope.ServiceProvider.GetRequiredService(handler.Type);
        Job.Current = job;
        var work = handler.InvokeAsync(instance, bound, run.Cancellation.Token);
        var token = run.Cancellation.Token;
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (token.Register(() => cancelled.TrySetResult()))
        {
            if (await Task.WhenAny(work, cancelled.Task) != work
                && await Task.WhenAny(work, Task.Delay(settings.HardStopLimit, CancellationToken.None)) != work)
                throw new HandlerStuckException();
        }
        try
        {
            return await work;
        }
        finally
        {
            await scope.DisposeAsync();
        }
    }

    /// <summary>
    /// After a recycle's drain: settles the jobs whose handlers ignored their cancellation, as their reasons say,
    /// while their handlers may still run; the process exits right after, so no job runs twice at once for long.
    /// </summary>
    private async Task SettleStuckAsync()
    {
        foreach (var run in stuck.Values)
        {
            var settled = await SettleCancelledAsync(run);
            running.TryRemove(run.Job.Id, out _);
            log.Write(run.Job, settled.Text + " (its handler ignored its cancellation)", TimeSpan.Zero);
            if (settled.Outcome is { } outcome)
                await outcomes.ReportAsync(outcome);
        }
    }

    private sealed class HandlerStuckException : Exception;

    /// <summary>What the log says of a run, and what the outcome handlers hear (null: nothing was settled).</summary>
    private sealed record Settled(string Text, JobOutcome? Outcome);

    private static readonly Settled Dropped = new("dropped: settled elsewhere meanwhile (reaped, deleted or put back)", null);

    /// <summary>
    /// Records how a run ended. A job this worker took stays in its in-flight list until one of these scripts
    /// settles it, and the scripts only settle a job still in that list. Together with the atomic takes
    /// (<see cref="Scripts.Dequeue"/>, the take in <see cref="Scripts.Finish"/>, and BLMOVE pipelined with
    /// <see cref="Scripts.StartTaken"/>), the reaper (<see cref="Scripts.Reap"/>) for dead workers and the
    /// housekeeping (<see cref="WorkerMaintenance"/>) that puts back takes whose reply was lost, this is the
    /// at-least-once guarantee: every job is in a queue, in the scheduled registry, in exactly one live or dead
    /// worker's in-flight list, or settled — never nowhere — and none stays in a list with nothing to run it.
    /// Returns null when Redis could not be reached or refused the script.
    /// </summary>
    private async Task<RedisResult?> SettleAsync(RedisScript script, string id, params RedisValue[] detail)
    {
        try
        {
            return await store.RunAsync(script, [Name, id, .. detail]);
        }
        catch (Exception e) when (e is JobQueueUnavailableException or RedisServerException)
        {
            // The job stays in this worker's in-flight list, to be put back by the housekeeping or reaped.
            logger.LogError(e, "Could not record the outcome of job {JobId}", id);
            return null;
        }
    }

    /// <summary>
    /// Records the result and, in the same round trip, takes the next job for the slot this one frees: the
    /// slot passes to that job, or is released when there is none or the worker is stopping.
    /// </summary>
    private async Task<Settled> FinishAsync(string id, string? result)
    {
        var handedOn = false;
        RedisResult? reply;
        try
        {
            var take = stopTaking.IsCancellationRequested ? 0 : 1;
            reply = await SettleAsync(Scripts.Finish, id, [result ?? "", result is null ? "" : JobJson.StreamValue(result), take, .. queueArgs]);
            var next = reply is null ? null : JobStore.Hashes(((RedisResult[])reply!)[1]).FirstOrDefault();
            handedOn = next is not null && Launch(next);
        }
        finally
        {
            if (!handedOn)
                slots.Release();
        }
        if (reply is null)
            return new(Unrecorded, null);
        if ((int)((RedisResult[])reply!)[0] != 1)
            return Dropped;
        Interlocked.Increment(ref successes);
        return new("finished", new JobOutcome(id, JobOutcomeKind.Finished));
    }

    private async Task FailUnreadableAsync(string id, string excInfo)
    {
        if ((await FailAsync(id, excInfo, null, JobOutcomeKind.Failed)).Outcome is { } outcome)
            await outcomes.ReportAsync(outcome);
    }

    private async Task<Settled> FailAsync(string id, string excInfo, Exception? error, JobOutcomeKind kind)
    {
        var reply = await SettleAsync(Scripts.Fail, id, excInfo, JobJson.StreamException(excInfo));
        if (reply is null)
            return new(Unrecorded, null);
        var verdict = (string?)reply;
        if (verdict is not ("retried" or "failed"))
            return Dropped;
        Interlocked.Increment(ref failures);
        var retried = verdict == "retried";
        if (error is not null)
            logger.LogWarning(error, "Job {JobId} failed{Retry}", id, retried ? "; it will be retried" : "");
        return new(retried ? "failed; a retry is scheduled" : "failed", new JobOutcome(id, kind, retried, excInfo));
    }
}
