using Microblog.QueueTests.Worker;
using Microblog.Tasks.Queue;

namespace Microblog.QueueTests;

public sealed class ProcessTests
{
    [Fact]
    public async Task Jobs_of_a_killed_worker_are_retried_or_failed_with_a_reason_by_another_worker()
    {
        await using var h = new QueueHarness();
        var once = new List<Job>();
        var retried = new List<Job>();
        // The doomed worker's first take is the first four: jobs that run until it is killed, however slow the
        // machine. The four after them are short, for the other worker.
        foreach (var milliseconds in new[] { 60_000, 60_000, 300, 300 })
        {
            once.Add(await h.Queue.EnqueueAsync(Sleep.Name, milliseconds));
            retried.Add(await h.Queue.EnqueueAsync(SleepFirst.Name, [milliseconds], new EnqueueOptions { Retry = new Retry(1) }));
        }
        using var doomed = new WorkerProcess(h.Prefix, "--concurrency", "4", "--name", "doomed");
        await Poll.UntilAsync(async () => (await h.Monitor.GetJobIdsAsync("default", JobStatus.Started)).Count == 4,
            "the doomed worker started four jobs");

        doomed.KillHard();
        h.StartWorker(concurrency: 8);

        var all = once.Concat(retried).ToArray();
        await Poll.UntilAsync(async () =>
        {
            var statuses = await Task.WhenAll(all.Select(j => h.StatusAsync(j.Id)));
            return statuses.All(s => s is JobStatus.Finished or JobStatus.Failed);
        }, "every job ended finished or failed", TimeSpan.FromSeconds(30));
        foreach (var job in all)
        {
            await job.RefreshAsync();
            if (job.Status == JobStatus.Failed)
                Assert.Contains("WorkerDiedException: worker doomed stopped heartbeating", job.ExcInfo);
        }
        Assert.All(retried, j => Assert.Equal(JobStatus.Finished, j.Status));
        Assert.Equal([JobStatus.Failed, JobStatus.Failed, JobStatus.Finished, JobStatus.Finished], once.Select(j => j.Status));
        Assert.Empty(await h.Monitor.GetJobIdsAsync("default", JobStatus.Started));
        Assert.DoesNotContain(await h.Monitor.GetWorkersAsync(), w => w.Name == "doomed");
    }

    [Fact]
    public async Task Sigterm_lets_the_worker_finish_within_the_grace_period_and_put_back_the_rest()
    {
        await using var h = new QueueHarness();
        var quick = await h.Queue.EnqueueAsync(Sleep.Name, 500);
        var slow = await h.Queue.EnqueueAsync(Sleep.Name, 30_000);
        // A grace period that a loaded machine cannot miss for the quick job.
        using var worker = new WorkerProcess(h.Prefix, graceSeconds: 8, "--concurrency", "2");
        await Poll.UntilAsync(async () => await h.StatusAsync(slow.Id) == JobStatus.Started
            && await h.StatusAsync(quick.Id) is JobStatus.Started or JobStatus.Finished, "both jobs started");

        worker.Terminate();

        await worker.ExitsCleanlyAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(JobStatus.Finished, await h.StatusAsync(quick.Id));
        Assert.Equal(JobStatus.Queued, await h.StatusAsync(slow.Id));
        Assert.Equal([slow.Id], await h.Monitor.GetJobIdsAsync("default", JobStatus.Queued));
        Assert.Empty(await h.Monitor.GetWorkersAsync());
    }

    [Fact]
    public async Task Second_sigterm_stops_at_once_and_still_puts_the_jobs_back()
    {
        await using var h = new QueueHarness();
        var job = await h.Queue.EnqueueAsync(Sleep.Name, 30_000);
        using var worker = new WorkerProcess(h.Prefix, graceSeconds: 60, "--concurrency", "1");
        await Poll.UntilAsync(async () => await h.StatusAsync(job.Id) == JobStatus.Started, "the job started");
        worker.Terminate();
        await Poll.UntilAsync(() => Task.FromResult(worker.Output.Contains("shutting down")), "the worker began its graceful shutdown");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        worker.Terminate();

        await worker.ExitsCleanlyAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 5);
        Assert.Equal(JobStatus.Queued, await h.StatusAsync(job.Id));
    }

    [Fact]
    public async Task Two_worker_processes_run_each_of_ten_thousand_jobs_exactly_once()
    {
        await using var h = new QueueHarness();
        var runs = h.Prefix + "runs";
        const int count = 10_000;
        // Batches small enough that a starved Redis answers each within the command timeout.
        for (var batch = 0; batch < count; batch += 100)
            await Task.WhenAll(Enumerable.Range(batch, 100).Select(i => h.Queue.EnqueueAsync(Worker.Record.Name, runs, 0)));

        // A worker TTL no starved process outlives: a live worker taken for dead would have its jobs run twice.
        using var first = new WorkerProcess(h.Prefix, TimeSpan.FromMinutes(2), "--burst", "--concurrency", "4");
        using var second = new WorkerProcess(h.Prefix, TimeSpan.FromMinutes(2), "--burst", "--concurrency", "4");

        await first.ExitsCleanlyAsync(TimeSpan.FromSeconds(60));
        await second.ExitsCleanlyAsync(TimeSpan.FromSeconds(60));
        var counts = await QueueHarness.Redis.HashValuesAsync(runs);
        Assert.Equal(count, counts.Length);
        Assert.All(counts, c => Assert.Equal(1, (int)c));
        Assert.Equal(count, (await h.Monitor.GetQueuesAsync()).Single().Finished);
    }
}
