using System.Text.Json;
using Microblog.QueueTests.Worker;
using Microblog.Tasks.Queue;

namespace Microblog.QueueTests;

/// <summary>
/// RQ 1.13's own tools (Debian's python3-rq: its Python API and the <c>rq</c> command) read and drive a queue our
/// worker fills, and nothing they do by design loses one of our jobs. One test per row of issue 10's table.
/// </summary>
public sealed class RqToolsTests
{
    private const string Json = "rq.serializers.JSONSerializer";
    // A queue no worker listens on, for jobs that must stay queued.
    private const string Waiting = "waiting";

    [Fact]
    public async Task Rq_info_shows_our_workers_and_job_counts()
    {
        await using var h = await QueueHarness.ForRqAsync();
        var worker = h.StartWorker(concurrency: 1);
        var running = await h.Queue.EnqueueAsync(Sleep.Name, 30_000);
        await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { Queue = Waiting });
        await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { Queue = Waiting });
        await Poll.UntilAsync(async () => (string?)await h.Db.HashGetAsync("rq:worker:" + worker.Name, "current_job") == running.Id,
            "the heartbeat named the running job");

        var info = await RqTools.CliAsync(h, "info", "--raw");

        Assert.Contains($"queue {Waiting} 2", info);
        Assert.Contains("queue default 0", info);
        Assert.Contains($"worker {worker.Name} (", info);
        Assert.Contains(" busy default", info);
        var workers = await RqTools.ClientAsync(h, "workers", "default", Waiting);
        var seen = Assert.Single(workers.GetProperty("all").EnumerateArray());
        Assert.Equal(running.Id, seen.GetProperty("current_job").GetString());
        Assert.Equal([worker.Name], workers.GetProperty("by_queue").GetProperty("default").EnumerateArray().Select(w => w.GetString()));
        Assert.Empty(workers.GetProperty("by_queue").GetProperty(Waiting).EnumerateArray());
    }

    [Fact]
    public async Task Rq_info_leaves_running_jobs_in_the_started_registry_also_without_timeout()
    {
        await using var h = await QueueHarness.ForRqAsync();
        var untimed = await h.Queue.EnqueueAsync(Sleep.Name, [30_000], new EnqueueOptions { Timeout = TimeSpan.FromSeconds(-1) });
        var timed = await h.Queue.EnqueueAsync(Sleep.Name, [30_000], new EnqueueOptions { Timeout = TimeSpan.FromSeconds(60) });
        h.StartWorker(concurrency: 2);
        await Poll.UntilAsync(async () => await h.StatusAsync(untimed.Id) == JobStatus.Started && await h.StatusAsync(timed.Id) == JobStatus.Started,
            "both jobs started");

        await RqTools.CliAsync(h, "info");

        foreach (var job in new[] { untimed, timed })
        {
            Assert.Equal(JobStatus.Started, await h.StatusAsync(job.Id));
            Assert.NotNull(await h.Db.SortedSetScoreAsync("rq:wip:default", job.Id));
            Assert.True(await h.Queue.StopJobAsync(job.Id));
            await Poll.UntilAsync(async () => await h.StatusAsync(job.Id) == JobStatus.Stopped, "the running job answered its stop");
        }
    }

    [Fact]
    public async Task Job_fetch_reads_our_jobs_in_every_state()
    {
        await using var h = await QueueHarness.ForRqAsync();
        var ids = await EveryStateAsync(h);

        var jobs = (await RqTools.ClientAsync(h, ["fetch", .. ids.Values])).EnumerateArray().ToDictionary(j => j.GetProperty("id").GetString()!);

        foreach (var (state, id) in ids)
            Assert.Equal(state, jobs[id].GetProperty("status").GetString());
        var finished = jobs[ids["finished"]];
        Assert.Equal("add", finished.GetProperty("func_name").GetString());
        Assert.Equal([2, 3], finished.GetProperty("args").EnumerateArray().Select(a => a.GetInt32()));
        Assert.Equal("default", finished.GetProperty("origin").GetString());
        Assert.Equal(5, finished.GetProperty("return_value").GetInt32());
        Assert.Equal("SUCCESSFUL", finished.GetProperty("result_type").GetString());
        var failed = jobs[ids["failed"]];
        Assert.Contains("InvalidOperationException: boom", failed.GetProperty("exc_info").GetString());
        Assert.Equal("FAILED", failed.GetProperty("result_type").GetString());
        var stopped = jobs[ids["stopped"]];
        Assert.Contains("stopped on request", stopped.GetProperty("exc_info").GetString());
        Assert.True(stopped.GetProperty("meta").GetProperty("cancelled").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, jobs[ids["started"]].GetProperty("worker_name").ValueKind);
        Assert.Equal(JsonValueKind.Null, jobs[ids["queued"]].GetProperty("return_value").ValueKind);
        var pickled = await RqTools.ClientAsync(h, "fetch-pickle", ids["queued"]);
        Assert.Equal("queued", pickled.GetProperty("status").GetString());
        Assert.Equal("DeserializationError", pickled.GetProperty("refused").GetString());
    }

    [Fact]
    public async Task Queue_jobs_and_fetch_job_list_our_jobs_and_leave_them_to_run()
    {
        await using var h = await QueueHarness.ForRqAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add((await h.Queue.EnqueueAsync(Add.Name, [i, i], new EnqueueOptions { Queue = Waiting })).Id);

        var listed = await RqTools.ClientAsync(h, "queue-jobs", Waiting);

        Assert.Equal(ids, listed.GetProperty("jobs").EnumerateArray().Select(j => j.GetString()));
        Assert.Equal(ids, listed.GetProperty("fetched").EnumerateArray().Select(j => j.GetString()));
        Assert.Equal(ids, listed.GetProperty("pickle_jobs").EnumerateArray().Select(j => j.GetString()));
        Assert.Equal(3, await h.Db.ListLengthAsync("rq:queue:" + Waiting));
        await h.RunBurstAsync(2, Waiting);
        foreach (var id in ids)
            Assert.Equal(JobStatus.Finished, await h.StatusAsync(id));
    }

    [Fact]
    public async Task After_rq_reads_a_queued_job_still_runs_and_a_dead_workers_job_is_still_recovered()
    {
        await using var h = await QueueHarness.ForRqAsync();
        var orphan = await h.Queue.EnqueueAsync(Sleep.Name, 30_000);
        using (var doomed = new WorkerProcess(h, "--concurrency", "1", "--name", "doomed"))
        {
            await Poll.UntilAsync(async () => await h.StatusAsync(orphan.Id) == JobStatus.Started, "the doomed worker started the job");
            doomed.KillHard();
        }
        var queued = await h.Queue.EnqueueAsync(Add.Name, 1, 2);
        await Poll.UntilAsync(async () => !await h.Db.KeyExistsAsync("rq:worker:doomed"), "the dead worker's key expired");

        var workers = await RqTools.ClientAsync(h, "workers", "default");
        await RqTools.ClientAsync(h, "queue-jobs", "default");
        await RqTools.CliAsync(h, "info");

        Assert.Empty(workers.GetProperty("all").EnumerateArray());
        Assert.False(await h.Db.SetContainsAsync("rq:workers", "rq:worker:doomed"), "RQ pruned the dead worker from rq:workers");
        h.StartWorker(concurrency: 1);
        await Poll.UntilAsync(async () => await h.StatusAsync(queued.Id) == JobStatus.Finished, "the queued job ran");
        var recovered = await Poll.UntilAsync(() => h.JobAsync(orphan.Id), j => j.Status == JobStatus.Failed, "the dead worker's job was settled");
        Assert.StartsWith("WorkerDiedException: worker doomed", recovered.ExcInfo);
        Assert.False(await h.Db.HashExistsAsync("rq:reaper:workers", "doomed"));
    }

    [Fact]
    public async Task Failed_job_registry_requeue_and_rq_requeue_run_our_failed_jobs_again()
    {
        await using var h = await QueueHarness.ForRqAsync();
        var first = await h.Queue.EnqueueAsync(FailUntil.Name, 2);
        var second = await h.Queue.EnqueueAsync(FailUntil.Name, 2);
        await h.RunBurstAsync();
        Assert.Equal(JobStatus.Failed, await h.StatusAsync(first.Id));
        Assert.Equal(JobStatus.Failed, await h.StatusAsync(second.Id));

        await RqTools.ClientAsync(h, "requeue", "default", first.Id);
        var cli = await RqTools.CliAsync(h, "requeue", "--queue", "default", "--all", "-S", Json);

        Assert.Contains("Requeueing 1 jobs", cli);
        await h.RunBurstAsync();
        foreach (var job in new[] { first, second })
        {
            var again = await h.JobAsync(job.Id);
            Assert.Equal(JobStatus.Finished, again.Status);
            Assert.Equal(2, again.GetResult<int>());
        }
        var seen = await RqTools.ClientAsync(h, "fetch", first.Id);
        Assert.Equal(2, seen[0].GetProperty("return_value").GetInt32());
    }

    [Fact]
    public async Task Cancel_job_keeps_our_queued_and_scheduled_jobs_from_running_and_they_stay_canceled()
    {
        await using var h = await QueueHarness.ForRqAsync();
        var queued = await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { Queue = Waiting });
        var scheduled = await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { Queue = Waiting, Delay = TimeSpan.FromHours(1) });
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        await RqTools.ClientAsync(h, "cancel", queued.Id, scheduled.Id);

        await h.RunBurstAsync(1, Waiting);
        foreach (var job in new[] { queued, scheduled })
        {
            Assert.Equal(JobStatus.Canceled, await h.StatusAsync(job.Id));
            var score = await h.Db.SortedSetScoreAsync("rq:canceled:" + Waiting, job.Id);
            Assert.InRange(score ?? 0, before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        }
        Assert.Equal(0, await h.Db.ListLengthAsync("rq:queue:" + Waiting));
        Assert.Equal(0, await h.Db.SortedSetLengthAsync("rq:scheduled:" + Waiting));
    }

    [Fact]
    public async Task Cancel_job_of_a_running_job_keeps_it_canceled_when_the_run_ends()
    {
        await using var h = await QueueHarness.ForRqAsync();
        var job = await h.Queue.EnqueueAsync(Sleep.Name, 30_000);
        h.StartWorker(concurrency: 1);
        await Poll.UntilAsync(async () => await h.StatusAsync(job.Id) == JobStatus.Started, "the job started");

        await RqTools.ClientAsync(h, "cancel", job.Id);
        await RqTools.ClientAsync(h, "stop", job.Id);

        var next = await h.Queue.EnqueueAsync(Add.Name, 1, 1);
        await Poll.UntilAsync(async () => await h.StatusAsync(next.Id) == JobStatus.Finished, "the run ended and the worker took the next job");
        Assert.Equal(JobStatus.Canceled, await h.StatusAsync(job.Id));
        Assert.NotNull(await h.Db.SortedSetScoreAsync("rq:canceled:default", job.Id));
        Assert.Null(await h.Db.SortedSetScoreAsync("rq:failed:default", job.Id));
        Assert.Null(await h.Db.SortedSetScoreAsync("rq:wip:default", job.Id));
    }

    [Fact]
    public async Task Our_own_cancel_scores_the_canceled_registry_by_the_time_of_cancel()
    {
        await using var h = await QueueHarness.ForRqAsync();
        var job = await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { Queue = Waiting });
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        Assert.True(await h.Queue.CancelJobAsync(job.Id));

        await h.RunBurstAsync(1, Waiting);
        var score = await h.Db.SortedSetScoreAsync("rq:canceled:" + Waiting, job.Id);
        Assert.InRange(score ?? 0, before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }

    [Fact]
    public async Task Stop_job_command_stops_our_running_job_as_stopped_in_the_failed_registry()
    {
        await using var h = await QueueHarness.ForRqAsync();
        var job = await h.Queue.EnqueueAsync(Sleep.Name, 30_000);
        h.StartWorker(concurrency: 1);
        await Poll.UntilAsync(async () => await h.StatusAsync(job.Id) == JobStatus.Started, "the job started");

        await RqTools.ClientAsync(h, "stop", job.Id);

        var stopped = await Poll.UntilAsync(() => h.JobAsync(job.Id), j => j.Status == JobStatus.Stopped, "the job stopped");
        Assert.Contains("stopped on request", stopped.ExcInfo);
        Assert.NotNull(await h.Db.SortedSetScoreAsync("rq:failed:default", job.Id));
        Assert.Null(await h.Db.SortedSetScoreAsync("rq:wip:default", job.Id));
    }

    [Fact]
    public async Task Kill_horse_command_stops_every_job_our_worker_runs_and_it_goes_on_working()
    {
        await using var h = await QueueHarness.ForRqAsync();
        var a = await h.Queue.EnqueueAsync(Sleep.Name, 30_000);
        var b = await h.Queue.EnqueueAsync(Sleep.Name, 30_000);
        var worker = h.StartWorker(concurrency: 2);
        await Poll.UntilAsync(async () => await h.StatusAsync(a.Id) == JobStatus.Started && await h.StatusAsync(b.Id) == JobStatus.Started, "both started");

        await RqTools.ClientAsync(h, "kill-horse", worker.Name);

        await Poll.UntilAsync(async () => await h.StatusAsync(a.Id) == JobStatus.Stopped && await h.StatusAsync(b.Id) == JobStatus.Stopped, "both stopped");
        var next = await h.Queue.EnqueueAsync(Add.Name, 1, 1);
        await Poll.UntilAsync(async () => await h.StatusAsync(next.Id) == JobStatus.Finished, "the worker took the next job");
    }

    [Fact]
    public async Task Shutdown_command_stops_our_worker_gracefully()
    {
        await using var h = await QueueHarness.ForRqAsync();
        var job = await h.Queue.EnqueueAsync(Sleep.Name, 300);
        var worker = h.StartWorker(concurrency: 1);
        await Poll.UntilAsync(async () => await h.StatusAsync(job.Id) == JobStatus.Started, "the job started");

        await RqTools.ClientAsync(h, "shutdown", worker.Name);

        await h.RunOf(worker).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(JobStatus.Finished, await h.StatusAsync(job.Id));
        Assert.False(await h.Db.KeyExistsAsync("rq:worker:" + worker.Name));
        Assert.False(await h.Db.SetContainsAsync("rq:workers:default", "rq:worker:" + worker.Name));
    }

    [Fact]
    public async Task Rq_empty_deletes_our_queued_jobs_and_the_worker_goes_on()
    {
        await using var h = await QueueHarness.ForRqAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add((await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { Queue = Waiting })).Id);

        var output = await RqTools.CliAsync(h, "empty", Waiting);

        Assert.Contains($"3 jobs removed from {Waiting} queue", output);
        Assert.Equal(0, await h.Db.ListLengthAsync("rq:queue:" + Waiting));
        foreach (var id in ids)
            Assert.Null(await h.Queue.FetchJobAsync(id));
        var next = await h.Queue.EnqueueAsync(Add.Name, [1, 1], new EnqueueOptions { Queue = Waiting });
        await h.RunBurstAsync(1, Waiting);
        Assert.Equal(JobStatus.Finished, await h.StatusAsync(next.Id));
    }

    [Fact]
    public async Task Job_an_rq_client_enqueues_by_name_runs_here_and_an_unknown_or_pickled_one_fails_with_the_reason()
    {
        await using var h = await QueueHarness.ForRqAsync();

        var byName = (await RqTools.ClientAsync(h, "enqueue", "add", "[2, 3]")).GetString()!;
        var byPath = (await RqTools.ClientAsync(h, "enqueue", "app.tasks.add", "[4, 5]")).GetString()!;
        var unknown = (await RqTools.ClientAsync(h, "enqueue", "app.tasks.nothing_here", "[]")).GetString()!;
        var pickled = (await RqTools.ClientAsync(h, "enqueue-pickle", "default", "add")).GetString()!;
        await h.RunBurstAsync();

        var jobs = (await RqTools.ClientAsync(h, "fetch", byName, byPath, unknown)).EnumerateArray().ToArray();
        Assert.Equal(("finished", 5), (jobs[0].GetProperty("status").GetString(), jobs[0].GetProperty("return_value").GetInt32()));
        Assert.Equal(("finished", 9), (jobs[1].GetProperty("status").GetString(), jobs[1].GetProperty("return_value").GetInt32()));
        Assert.Equal("failed", jobs[2].GetProperty("status").GetString());
        Assert.Contains("Unknown job name 'app.tasks.nothing_here'", jobs[2].GetProperty("exc_info").GetString());
        var refused = await h.JobAsync(pickled);
        Assert.Equal(JobStatus.Failed, refused.Status);
        Assert.Contains("serializer=rq.serializers.JSONSerializer", refused.ExcInfo);
    }

    [Fact]
    public async Task Deferred_and_unreadable_jobs_read_as_what_they_are()
    {
        await using var h = await QueueHarness.ForRqAsync();
        var parent = await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { Queue = Waiting });
        var deferred = (await RqTools.ClientAsync(h, "enqueue", "add", "[1, 1]", $$"""{"queue": "{{Waiting}}", "depends_on": "{{parent.Id}}"}""")).GetString()!;
        var pickled = (await RqTools.ClientAsync(h, "enqueue-pickle", Waiting, "add")).GetString()!;

        var waiting = await h.JobAsync(deferred);
        var unreadable = await h.JobAsync(pickled);

        Assert.Equal(JobStatus.Deferred, waiting.Status);
        Assert.Equal("add", waiting.Name);
        Assert.Null(waiting.Unreadable);
        Assert.Equal(JobStatus.Queued, unreadable.Status);
        Assert.Contains("JSONSerializer", unreadable.Unreadable);
        var queue = (await h.Monitor.GetQueuesAsync()).Single(q => q.Name == Waiting);
        Assert.Equal(1, queue.Deferred);
        Assert.Equal([deferred], await h.Monitor.GetJobIdsAsync(Waiting, JobStatus.Deferred));
    }

    [Fact]
    public async Task Worker_names_its_running_job_in_current_job_and_deletes_it_when_idle()
    {
        await using var h = await QueueHarness.ForRqAsync();
        var job = await h.Queue.EnqueueAsync(Sleep.Name, 30_000);
        var worker = h.StartWorker(concurrency: 2);
        var key = "rq:worker:" + worker.Name;
        await Poll.UntilAsync(async () => (string?)await h.Db.HashGetAsync(key, "current_job") == job.Id, "current_job names the job");
        Assert.Equal("busy", (string?)await h.Db.HashGetAsync(key, "state"));

        Assert.True(await h.Queue.StopJobAsync(job.Id));

        await Poll.UntilAsync(async () => !await h.Db.HashExistsAsync(key, "current_job"), "current_job is deleted");
        Assert.Equal("idle", (string?)await h.Db.HashGetAsync(key, "state"));
    }

    /// <summary>One job of ours in each state RQ knows, made by our worker (the started one keeps running).</summary>
    private static async Task<Dictionary<string, string>> EveryStateAsync(QueueHarness h)
    {
        var queued = await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { Queue = Waiting });
        var scheduled = await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { Delay = TimeSpan.FromHours(1) });
        var canceled = await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { Queue = Waiting });
        Assert.True(await h.Queue.CancelJobAsync(canceled.Id));
        var finished = await h.Queue.EnqueueAsync(Add.Name, 2, 3);
        var failed = await h.Queue.EnqueueAsync(Fail.Name, "boom");
        var started = await h.Queue.EnqueueAsync(Sleep.Name, 30_000);
        var stopped = await h.Queue.EnqueueAsync(Sleep.Name, 30_000);
        h.StartWorker(concurrency: 4);
        await Poll.UntilAsync(async () => await h.StatusAsync(stopped.Id) == JobStatus.Started, "the job to stop started");
        Assert.True(await h.Queue.StopJobAsync(stopped.Id));
        await Poll.UntilAsync(async () => await h.StatusAsync(finished.Id) == JobStatus.Finished && await h.StatusAsync(failed.Id) == JobStatus.Failed
            && await h.StatusAsync(started.Id) == JobStatus.Started && await h.StatusAsync(stopped.Id) == JobStatus.Stopped, "every state reached");
        return new()
        {
            ["queued"] = queued.Id, ["scheduled"] = scheduled.Id, ["started"] = started.Id, ["finished"] = finished.Id,
            ["failed"] = failed.Id, ["canceled"] = canceled.Id, ["stopped"] = stopped.Id,
        };
    }
}
