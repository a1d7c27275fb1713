using System.Text.Json;
using Microblog.QueueTests.Worker;
using Microblog.Tasks.Queue;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Microblog.QueueTests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Enqueued_job_is_queued_with_rq_fields_then_started_then_finished_with_result()
    {
        await using var h = new QueueHarness();

        var job = await h.Queue.EnqueueAsync(Add.Name, 2, 3);

        Assert.Equal(JobStatus.Queued, job.Status);
        var hash = (await QueueHarness.Redis.HashGetAllAsync(h.Prefix + "job:" + job.Id)).ToDictionary(e => (string)e.Name!, e => (string?)e.Value);
        Assert.Equal("queued", hash["status"]);
        Assert.Equal("[\"add\",null,[2,3],{}]", hash["data"]);
        Assert.Equal("default", hash["origin"]);
        Assert.Equal("180", hash["timeout"]);
        Assert.Equal("500", hash["result_ttl"]);
        Assert.Contains("created_at", hash.Keys);
        Assert.Equal(job.Id, (string?)await QueueHarness.Redis.ListGetByIndexAsync(h.Prefix + "queue:default", 0));
        Assert.True(await QueueHarness.Redis.SetContainsAsync(h.Prefix + "queues", h.Prefix + "queue:default"));

        await h.RunBurstAsync();

        await job.RefreshAsync();
        Assert.Equal(JobStatus.Finished, job.Status);
        Assert.Equal(5, job.GetResult<int>());
        Assert.Equal(1, job.Attempt);
        Assert.NotNull(job.StartedAt);
        Assert.NotNull(job.EndedAt);
        Assert.NotNull(await QueueHarness.Redis.SortedSetScoreAsync(h.Prefix + "finished:default", job.Id));
    }

    [Fact]
    public async Task Running_job_is_started_in_the_wip_registry_and_visible_to_the_app()
    {
        await using var h = new QueueHarness();
        var job = await h.Queue.EnqueueAsync(Sleep.Name, 10_000);

        h.StartWorker();

        await Poll.UntilAsync(async () => await h.StatusAsync(job.Id) == JobStatus.Started, "the job started");
        Assert.NotNull(await QueueHarness.Redis.SortedSetScoreAsync(h.Prefix + "wip:default", job.Id));
        Assert.NotNull((await h.JobAsync(job.Id)).WorkerName);
        Assert.True(await h.Queue.StopJobAsync(job.Id));
    }

    [Fact]
    public async Task Job_that_throws_is_failed_with_exception_info()
    {
        await using var h = new QueueHarness();
        var job = await h.Queue.EnqueueAsync(Fail.Name, "boom");

        await h.RunBurstAsync();

        await job.RefreshAsync();
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.StartsWith("System.InvalidOperationException: boom", job.ExcInfo);
        Assert.Contains("at Microblog.QueueTests.Worker.Fail.RunAsync", job.ExcInfo);
        Assert.NotNull(await QueueHarness.Redis.SortedSetScoreAsync(h.Prefix + "failed:default", job.Id));
    }

    [Fact]
    public async Task Meta_saved_by_a_running_handler_is_seen_by_another_connection_after_refresh()
    {
        await using var h = new QueueHarness();
        var job = await h.Queue.EnqueueAsync(Progress.Name, 40, 10_000);
        h.StartWorker();

        await Poll.UntilAsync(async () => await job.RefreshAsync() && job.Meta.ContainsKey("progress"), "progress saved");

        Assert.Equal(JobStatus.Started, job.Status);
        Assert.Equal(40, ((JsonElement)job.Meta["progress"]!).GetInt32());
        await h.Queue.StopJobAsync(job.Id);
    }

    [Fact]
    public async Task Result_is_dropped_after_the_result_ttl()
    {
        await using var h = new QueueHarness();
        var job = await h.Queue.EnqueueAsync(Add.Name, [1, 1], new EnqueueOptions { ResultTtl = TimeSpan.FromSeconds(1) });

        await h.RunBurstAsync();

        Assert.Equal(JobStatus.Finished, await h.StatusAsync(job.Id));
        await Poll.UntilAsync(async () => await h.Queue.FetchJobAsync(job.Id) is null, "the finished job expired", TimeSpan.FromSeconds(5));
        Assert.False(await job.RefreshAsync());
    }

    [Fact]
    public async Task Zero_result_ttl_deletes_the_job_when_it_finishes()
    {
        await using var h = new QueueHarness();
        var job = await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { ResultTtl = TimeSpan.Zero });

        await h.RunBurstAsync();

        Assert.Null(await h.Queue.FetchJobAsync(job.Id));
    }

    [Fact]
    public async Task Failed_job_is_dropped_after_the_failure_ttl()
    {
        await using var h = new QueueHarness();
        var job = await h.Queue.EnqueueAsync(Fail.Name, ["x"], new EnqueueOptions { FailureTtl = TimeSpan.FromSeconds(1) });

        await h.RunBurstAsync();

        Assert.Equal(JobStatus.Failed, await h.StatusAsync(job.Id));
        await Poll.UntilAsync(async () => await h.Queue.FetchJobAsync(job.Id) is null, "the failed job expired", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Job_that_runs_past_its_timeout_is_failed_with_a_timeout_reason_and_its_token_cancelled()
    {
        await using var h = new QueueHarness();
        var job = await h.Queue.EnqueueAsync(Sleep.Name, [30_000], new EnqueueOptions { Timeout = TimeSpan.FromSeconds(1) });

        await h.RunBurstAsync();

        await job.RefreshAsync();
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.StartsWith("JobTimeoutException: Job exceeded maximum timeout value (1 seconds)", job.ExcInfo);
        Assert.Null(await QueueHarness.Redis.SortedSetScoreAsync(h.Prefix + "finished:default", job.Id));
        await Poll.UntilAsync(async () => (await h.JobAsync(job.Id)).Meta.ContainsKey("cancelled"), "the handler saw its token cancelled");
    }

    [Fact]
    public async Task Retried_job_shows_its_attempt_number_and_waits_each_interval_in_the_scheduled_registry()
    {
        await using var h = new QueueHarness();
        var job = await h.Queue.EnqueueAsync(FailUntil.Name, [3], new EnqueueOptions { Retry = new Retry(3, 1, 2) });
        h.StartWorker();

        await Poll.UntilAsync(async () => await h.StatusAsync(job.Id) == JobStatus.Scheduled, "the first retry is scheduled");
        Assert.NotNull(await QueueHarness.Redis.SortedSetScoreAsync(h.Prefix + "scheduled:default", job.Id));
        await Poll.UntilAsync(async () => await h.StatusAsync(job.Id) == JobStatus.Finished, "the third attempt finished");

        await job.RefreshAsync();
        Assert.Equal(3, job.Attempt);
        Assert.Equal(3, job.GetResult<int>());
        Assert.Equal(1, job.RetriesLeft);
        long Started(int attempt) => ((JsonElement)job.Meta[$"attempt_{attempt}"]!).GetInt64();
        // Never early; how late depends on the machine's load, so the upper bounds are generous.
        Assert.InRange(Started(2) - Started(1), 900, 4_000);
        Assert.InRange(Started(3) - Started(2), 1_900, 5_000);
    }

    [Fact]
    public async Task Job_out_of_retries_is_failed_with_its_last_exception()
    {
        await using var h = new QueueHarness();
        var job = await h.Queue.EnqueueAsync(FailUntil.Name, [9], new EnqueueOptions { Retry = new Retry(2) });

        await h.RunBurstAsync();

        await job.RefreshAsync();
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(3, job.Attempt);
        Assert.Contains("attempt 3 fails", job.ExcInfo);
    }

    [Fact]
    public async Task Delayed_job_is_not_run_early_and_is_run_on_time()
    {
        await using var h = new QueueHarness();
        var job = await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { Delay = TimeSpan.FromSeconds(2) });
        Assert.Equal(JobStatus.Scheduled, job.Status);
        h.StartWorker();

        var waited = await Poll.UntilAsync(async () => await h.StatusAsync(job.Id) == JobStatus.Finished, "the delayed job ran");

        await job.RefreshAsync();
        // Never early; how late depends on the machine's load, so the upper bounds are generous.
        Assert.InRange((job.StartedAt!.Value - job.CreatedAt!.Value).TotalSeconds, 2.0, 6.0);
        Assert.InRange(waited.TotalSeconds, 1.5, 6.5);
    }

    [Fact]
    public async Task Canceled_queued_and_scheduled_jobs_never_run()
    {
        var clock = new OffsetClock();
        await using var h = new QueueHarness(time: clock);
        var queued = await h.Queue.EnqueueAsync(Noop.Name);
        var scheduled = await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { Delay = TimeSpan.FromMinutes(5) });

        Assert.True(await h.Queue.CancelJobAsync(queued.Id));
        Assert.True(await h.Monitor.CancelJobAsync(scheduled.Id));
        clock.Offset = TimeSpan.FromMinutes(10);
        await h.RunBurstAsync();

        Assert.Equal(JobStatus.Canceled, await h.StatusAsync(queued.Id));
        Assert.Equal(JobStatus.Canceled, await h.StatusAsync(scheduled.Id));
        Assert.Equal(0, (await h.JobAsync(queued.Id)).Attempt);
        Assert.Equal(2, await QueueHarness.Redis.SortedSetLengthAsync(h.Prefix + "canceled:default"));
        Assert.False(await h.Queue.CancelJobAsync(queued.Id));
    }

    [Fact]
    public async Task Stopping_a_running_job_cancels_its_token_and_ends_it_stopped_in_the_failed_registry()
    {
        await using var h = new QueueHarness();
        var job = await h.Queue.EnqueueAsync(Sleep.Name, 30_000);
        h.StartWorker();
        await Poll.UntilAsync(async () => await h.StatusAsync(job.Id) == JobStatus.Started, "the job started");

        Assert.True(await h.Queue.StopJobAsync(job.Id));

        await Poll.UntilAsync(async () => await h.StatusAsync(job.Id) == JobStatus.Stopped, "the job was stopped", TimeSpan.FromSeconds(5));
        Assert.Contains("stopped on request", (await h.JobAsync(job.Id)).ExcInfo);
        Assert.NotNull(await QueueHarness.Redis.SortedSetScoreAsync(h.Prefix + "failed:default", job.Id));
        await Poll.UntilAsync(async () => (await h.JobAsync(job.Id)).Meta.ContainsKey("cancelled"), "the handler saw its token cancelled");
        Assert.False(await h.Queue.StopJobAsync(job.Id));
    }

    [Fact]
    public async Task Graceful_shutdown_lets_short_jobs_finish_and_puts_unfinished_ones_back_at_the_front()
    {
        await using var h = new QueueHarness(o => o.GracePeriod = TimeSpan.FromMilliseconds(500));
        var slow = await h.Queue.EnqueueAsync(Sleep.Name, 30_000);
        var quick = await h.Queue.EnqueueAsync(Sleep.Name, 200);
        var waiting = await h.Queue.EnqueueAsync(Noop.Name);
        var worker = h.StartWorker(concurrency: 2);
        await Poll.UntilAsync(async () => await h.StatusAsync(slow.Id) == JobStatus.Started
            && await h.StatusAsync(quick.Id) is JobStatus.Started or JobStatus.Finished, "both started");

        await h.StopWorkerAsync(worker);

        Assert.Equal(JobStatus.Finished, await h.StatusAsync(quick.Id));
        var back = await h.JobAsync(slow.Id);
        Assert.Equal(JobStatus.Queued, back.Status);
        Assert.Equal(0, back.Attempt);
        Assert.Equal([slow.Id, waiting.Id], (await h.Monitor.GetJobIdsAsync("default", JobStatus.Queued)).ToArray());
        Assert.Empty(await h.Monitor.GetJobIdsAsync("default", JobStatus.Started));
        Assert.Empty(await h.Monitor.GetWorkersAsync());
    }

    [Fact]
    public async Task Worker_takes_higher_priority_queues_first()
    {
        await using var h = new QueueHarness();
        var low = new List<Job>();
        var high = new List<Job>();
        for (var i = 0; i < 3; i++)
            low.Add(await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { Queue = "low" }));
        for (var i = 0; i < 3; i++)
            high.Add(await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { Queue = "high" }));

        await h.RunBurstAsync(1, "high", "low");

        // The first job is taken by the worker's fetch, the rest by the finish of the one before.
        var lastHigh = (await Task.WhenAll(high.Select(j => h.JobAsync(j.Id)))).Max(j => j.StartedAt);
        var firstLow = (await Task.WhenAll(low.Select(j => h.JobAsync(j.Id)))).Min(j => j.StartedAt);
        Assert.True(lastHigh < firstLow, $"last high-priority job started {lastHigh:O}, first low-priority one {firstLow:O}");
    }

    [Fact]
    public async Task Worker_never_runs_more_jobs_at_once_than_its_concurrency()
    {
        await using var h = new QueueHarness();
        var key = Guid.NewGuid().ToString();
        var jobs = new List<(Job Job, bool Fails)>();
        for (var i = 0; i < 24; i++)
            jobs.Add((await h.Queue.EnqueueAsync(Overlap.Name, key, 200, i % 3 == 0), i % 3 == 0));

        await h.RunBurstAsync(concurrency: 3);

        Assert.Equal(3, Overlap.MostAtOnce[key]);
        foreach (var (job, fails) in jobs)
            Assert.Equal(fails ? JobStatus.Failed : JobStatus.Finished, (await h.JobAsync(job.Id)).Status);
    }
}
