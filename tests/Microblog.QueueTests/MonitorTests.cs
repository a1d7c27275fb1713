using Microblog.QueueTests.Worker;
using Microblog.Tasks.Queue;

namespace Microblog.QueueTests;

public sealed class MonitorTests
{
    [Fact]
    public async Task Queues_are_listed_with_counts_per_state()
    {
        await using var h = new QueueHarness();
        await h.Queue.EnqueueAsync(Noop.Name);
        await h.Queue.EnqueueAsync(Fail.Name, "x");
        await h.RunBurstAsync();
        await h.Queue.EnqueueAsync(Noop.Name);
        await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { Delay = TimeSpan.FromHours(1) });

        var queues = await h.Monitor.GetQueuesAsync();

        Assert.Equal([new QueueInfo("default", Queued: 1, Scheduled: 1, Started: 0, Finished: 1, Failed: 1, Canceled: 0)], queues);
    }

    [Fact]
    public async Task Workers_are_listed_with_host_pid_state_and_current_jobs()
    {
        await using var h = new QueueHarness();
        var job = await h.Queue.EnqueueAsync(Sleep.Name, 30_000);
        var worker = h.StartWorker(concurrency: 3, "default");
        await Poll.UntilAsync(async () => await h.StatusAsync(job.Id) == JobStatus.Started, "the job started");

        var info = Assert.Single(await h.Monitor.GetWorkersAsync());

        Assert.Equal(worker.Name, info.Name);
        Assert.Equal(Environment.ProcessId, info.Pid);
        Assert.Equal(Environment.MachineName, info.Hostname);
        Assert.Equal(["default"], info.Queues);
        Assert.Equal([job.Id], info.CurrentJobs);
        Assert.NotNull(info.LastHeartbeat);
        await h.Queue.StopJobAsync(job.Id);
    }

    [Fact]
    public async Task Job_ids_are_paged_and_failed_jobs_can_be_requeued_one_or_all()
    {
        await using var h = new QueueHarness();
        var jobs = new List<Job>();
        for (var i = 0; i < 5; i++)
            jobs.Add(await h.Queue.EnqueueAsync(Fail.Name, $"failure {i}"));
        await h.RunBurstAsync(1);

        var all = await h.Monitor.GetJobIdsAsync("default", JobStatus.Failed, start: 0, count: 100);
        var page = await h.Monitor.GetJobIdsAsync("default", JobStatus.Failed, start: 1, count: 2);
        Assert.Equal(jobs.Select(j => j.Id).Order(), all.Order());
        Assert.Equal(all.Skip(1).Take(2), page);

        Assert.True(await h.Monitor.RequeueFailedJobAsync(jobs[0].Id));
        Assert.Equal(JobStatus.Queued, await h.StatusAsync(jobs[0].Id));
        Assert.Equal(4, await h.Monitor.RequeueAllFailedAsync("default"));
        Assert.Equal(5, (await h.Monitor.GetJobIdsAsync("default", JobStatus.Queued, 0, 100)).Count);
        Assert.Empty(await h.Monitor.GetJobIdsAsync("default", JobStatus.Failed));
    }

    [Fact]
    public async Task Deleting_a_job_and_emptying_a_queue_remove_the_jobs()
    {
        await using var h = new QueueHarness();
        var kept = await h.Queue.EnqueueAsync(Noop.Name);
        var deleted = await h.Queue.EnqueueAsync(Noop.Name);
        await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { Queue = "other" });

        Assert.True(await h.Monitor.DeleteJobAsync(deleted.Id));

        Assert.Null(await h.Queue.FetchJobAsync(deleted.Id));
        Assert.Equal([kept.Id], await h.Monitor.GetJobIdsAsync("default", JobStatus.Queued));
        Assert.Equal(1, await h.Monitor.EmptyQueueAsync("default"));
        Assert.Null(await h.Queue.FetchJobAsync(kept.Id));
        Assert.Equal(1, (await h.Monitor.GetQueuesAsync()).Single(q => q.Name == "other").Queued);
    }
}
