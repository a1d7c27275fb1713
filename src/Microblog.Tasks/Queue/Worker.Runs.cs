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
            _ = FailAsync(id, $"UnreadableJob: {problem}", null);
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
                StopReason.Requested => async () => await SettleAsync(Scripts.Stopped, job.Id, [StoppedOnRequest, JobJson.StreamException(StoppedOnRequest)]) is null ? Unrecorded : "stopped",
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
    private async Task<string> FinishAsync(string id, string? result)
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
            return Unrecorded;
        Interlocked.Increment(ref successes);
        return "finished";
    }

    private async Task<string> FailAsync(string id, string excInfo, Exception? error)
    {
        var reply = await SettleAsync(Scripts.Fail, id, excInfo, JobJson.StreamException(excInfo));
        if (reply is null)
            return Unrecorded;
        Interlocked.Increment(ref failures);
        var retried = (string?)reply == "retried";
        if (error is not null)
            logger.LogWarning(error, "Job {JobId} failed{Retry}", id, retried ? "; it will be retried" : "");
        return retried ? "failed, retrying" : "failed";
    }
}
