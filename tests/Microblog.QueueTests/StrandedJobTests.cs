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

        var waited = await Poll.UntilAsync(async () => await h.StatusAsync(job.Id) == JobStatus.Queued, "the stranded job went back to its queue");

        Assert.True(waited >= TimeSpan.FromSeconds(1.5), $"put back after {waited}, before twice the command timeout");
        Assert.Equal(job.Id, (string?)await QueueHarness.Redis.ListGetByIndexAsync(h.Prefix + "queue:default", 0));
        Assert.Equal(0, await QueueHarness.Redis.ListLengthAsync(inflight));
        Assert.Equal(0, (await h.JobAsync(job.Id)).Attempt);
    }
}
