using Microblog.QueueTests.Worker;
using Microblog.Tasks.Queue;
using StackExchange.Redis;

namespace Microblog.QueueTests;

/// <summary>
/// What a take whose reply never reached the worker leaves behind (Redis ran the script, the connection dropped
/// or the client timed out): a job in a live worker's in-flight list that the worker never launched.
/// </summary>
public sealed class StrandedJobTests
{
    [Fact]
    public async Task Job_left_queued_in_a_live_workers_list_is_started_by_its_next_blocking_take()
    {
        // A connection lost between BLMOVE and its start script leaves the job queued in the list.
        await using var h = new QueueHarness();
        var worker = h.StartWorker(concurrency: 1);
        var job = await h.Queue.EnqueueAsync(Add.Name, [4, 5], new EnqueueOptions { Queue = "elsewhere" });
        await QueueHarness.Redis.ListMoveAsync(h.Prefix + "queue:elsewhere", $"{h.Prefix}worker:{worker.Name}:jobs", ListSide.Left, ListSide.Right);

        await Poll.UntilAsync(async () => await job.RefreshAsync() && job.Status == JobStatus.Finished, "the stranded job finished");
        Assert.Equal(9, job.GetResult<int>());
        Assert.Equal(worker.Name, job.WorkerName);
        Assert.Equal(0, await QueueHarness.Redis.ListLengthAsync($"{h.Prefix}worker:{worker.Name}:jobs"));
    }

    [Fact]
    public async Task Job_started_for_a_live_worker_that_never_launched_it_goes_back_to_the_front_of_its_queue()
    {
        await using var h = new QueueHarness(o =>
        {
            o.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
            o.ConnectTimeout = TimeSpan.FromSeconds(1);
        });
        var worker = h.StartWorker(concurrency: 1, "elsewhere");
        var job = await h.Queue.EnqueueAsync(Add.Name, 1, 1);
        var inflight = $"{h.Prefix}worker:{worker.Name}:jobs";
        // As the dequeue script leaves a job it took, had its reply been lost.
        await QueueHarness.Redis.ListMoveAsync(h.Prefix + "queue:default", inflight, ListSide.Left, ListSide.Right);
        await QueueHarness.Redis.HashSetAsync(h.Prefix + "job:" + job.Id, [new("status", "started"), new("worker_name", worker.Name), new("attempt", 1)]);
        await QueueHarness.Redis.SortedSetAddAsync(h.Prefix + "wip:default", job.Id, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 180);

        var waited = await Poll.UntilAsync(async () => await h.StatusAsync(job.Id) == JobStatus.Queued, "the stranded job went back to its queue");

        Assert.True(waited >= TimeSpan.FromSeconds(1.5), $"put back after {waited}, before twice the command timeout");
        Assert.Equal(job.Id, (string?)await QueueHarness.Redis.ListGetByIndexAsync(h.Prefix + "queue:default", 0));
        Assert.Equal(0, await QueueHarness.Redis.ListLengthAsync(inflight));
        Assert.Equal(0, (await h.JobAsync(job.Id)).Attempt);
        Assert.Null(await QueueHarness.Redis.SortedSetScoreAsync(h.Prefix + "wip:default", job.Id));
    }

    [Fact]
    public async Task Stopping_worker_puts_back_a_job_it_took_but_never_launched_instead_of_failing_it()
    {
        await using var h = new QueueHarness();
        var worker = h.StartWorker(concurrency: 1, "elsewhere");
        var job = await h.Queue.EnqueueAsync(Add.Name, 2, 2);
        var inflight = $"{h.Prefix}worker:{worker.Name}:jobs";
        await QueueHarness.Redis.ListMoveAsync(h.Prefix + "queue:default", inflight, ListSide.Left, ListSide.Right);
        await QueueHarness.Redis.HashSetAsync(h.Prefix + "job:" + job.Id, [new("status", "started"), new("worker_name", worker.Name), new("attempt", 1)]);

        await h.StopWorkerAsync(worker);

        var back = await h.JobAsync(job.Id);
        Assert.Equal(JobStatus.Queued, back.Status);
        Assert.Equal(0, back.Attempt);
        Assert.Null(back.ExcInfo);
        Assert.Equal(job.Id, (string?)await QueueHarness.Redis.ListGetByIndexAsync(h.Prefix + "queue:default", 0));
    }

    [Fact]
    public async Task Job_the_worker_cannot_read_is_failed_with_the_reason_and_the_worker_goes_on()
    {
        await using var h = new QueueHarness();
        var bad = await h.Queue.EnqueueAsync(Add.Name, 1, 2);
        // As another program might write it: arguments that are not JSON.
        await QueueHarness.Redis.HashSetAsync(h.Prefix + "job:" + bad.Id, "args", "[1, 2");
        var good = await h.Queue.EnqueueAsync(Add.Name, 3, 4);

        h.StartWorker(concurrency: 1);

        await Poll.UntilAsync(async () => await h.StatusAsync(good.Id) == JobStatus.Finished, "the readable job finished");
        // Read raw: Job itself cannot read this hash either.
        var failed = await QueueHarness.Redis.HashGetAsync(h.Prefix + "job:" + bad.Id, ["status", "exc_info"]);
        Assert.Equal("failed", (string?)failed[0]);
        Assert.StartsWith("UnreadableJob:", (string?)failed[1]);
    }
}
