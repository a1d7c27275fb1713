using System.Text.Json;
using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using States = Microblog.Data.BackgroundTask.States;

namespace Microblog.IntegrationTests.Jobs;

/// <summary>A task's life as the queue reports it: every end reaches the row and the feed, each task on its own.</summary>
public class TaskLifeTests(OperateAppFactory app) : IClassFixture<OperateAppFactory>
{
    [Fact]
    public async Task Each_task_keeps_its_own_notification_so_a_slow_poller_sees_every_end()
    {
        var me = await app.CreateUserAsync();
        var client = await app.LoginAsync(me);
        var first = await app.LaunchAsync(me, LongTask.Name, me.Id);
        var second = await app.LaunchAsync(me, LongTask.Name, me.Id);
        var failing = await app.LaunchAsync(me, FailingJob.Name);

        await app.RunWorkerInBurstAsync();
        var feed = await TaskFeedAsync(client);

        Assert.Equal(3, feed.Count);
        Assert.Equal((100, "completed", "Completed"), Of(feed[first.Id]));
        Assert.Equal((100, "completed", "Completed"), Of(feed[second.Id]));
        Assert.Equal(("failed", "The task failed."), (feed[failing.Id].GetProperty("state").GetString(), feed[failing.Id].GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Admin_cancel_stop_and_delete_each_end_the_task_in_their_own_words()
    {
        var me = await app.CreateUserAsync();
        var canceled = await app.LaunchAsync(me, SleepyJob.Name);
        var deleted = await app.LaunchAsync(me, SleepyJob.Name);
        var stopped = await app.LaunchAsync(me, SleepyJob.Name);

        Assert.True(await app.Monitor.CancelJobAsync(canceled.Id));
        Assert.True(await app.Monitor.DeleteJobAsync(deleted.Id));
        await using (app.StartWorkerOn())
        {
            await Poll.UntilAsync(async () => (await app.JobQueue.FetchJobAsync(stopped.Id))?.Status == JobStatus.Started, "the job to start");
            Assert.True(await app.Monitor.StopJobAsync(stopped.Id));
            await Poll.UntilAsync(async () => (await app.FindTaskAsync(stopped.Id))!.Complete, "the stopped task to end");
        }

        Assert.Equal((States.Canceled, false, "Canceled by an administrator before it ran."), Ended(await app.FindTaskAsync(canceled.Id)));
        Assert.Equal((States.Canceled, false, "Removed by an administrator."), Ended(await app.FindTaskAsync(deleted.Id)));
        Assert.Equal((States.Stopped, false, "Stopped by an administrator."), Ended(await app.FindTaskAsync(stopped.Id)));
    }

    [Fact]
    public async Task Emptying_a_queue_ends_its_tasks_as_removed()
    {
        var me = await app.CreateUserAsync();
        var tasks = new[] { await app.LaunchAsync(me, SleepyJob.Name), await app.LaunchAsync(me, SleepyJob.Name) };

        Assert.True(await app.Monitor.EmptyQueueAsync(OperateAppFactory.TaskQueue) >= 2);

        foreach (var task in tasks)
            Assert.Equal((States.Canceled, false, "Removed by an administrator."), Ended(await app.FindTaskAsync(task.Id)));
    }

    [Fact]
    public async Task A_dead_workers_task_is_failed_in_words_by_another_worker_without_a_page_view()
    {
        var me = await app.CreateUserAsync();
        var task = await app.LaunchAsync(me, SleepyJob.Name);
        // As a worker killed with kill -9 leaves it: started, in its in-flight list, its registration expired.
        var redis = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var prefix = app.Services.GetRequiredService<IOptions<JobQueueOptions>>().Value.Prefix;
        await redis.ListRemoveAsync($"{prefix}queue:{OperateAppFactory.TaskQueue}", task.Id);
        await redis.HashSetAsync($"{prefix}job:{task.Id}", [new("status", "started"), new("worker_name", "ghost"), new("attempt", 1)]);
        await redis.ListRightPushAsync($"{prefix}worker:ghost:jobs", task.Id);
        await redis.SetAddAsync($"{prefix}workers", $"{prefix}worker:ghost");

        await using var worker = app.StartWorkerOn();
        var ended = await Poll.UntilAsync(() => app.FindTaskAsync(task.Id), t => t!.Complete, "the reaper to end the task", TimeSpan.FromSeconds(30));

        Assert.Equal((States.Failed, true, "The task was interrupted: the server running it stopped."), Ended(ended));
        Assert.DoesNotContain("ghost", ended!.Message);
    }

    [Fact]
    public async Task A_test_mail_goes_out_while_five_users_each_run_five_long_tasks()
    {
        var sleepers = new List<BackgroundTask>();
        for (var i = 0; i < 5; i++)
        {
            var user = await app.CreateUserAsync("busy");
            for (var j = 0; j < 5; j++)
                sleepers.Add(await app.LaunchAsync(user, SleepyJob.Name));
        }
        var me = await app.CreateUserAsync();
        var client = await app.LoginAsync(me);

        await using var worker = app.StartWorkerOn(concurrency: WorkerOptions.DefaultConcurrency);
        try
        {
            await Poll.UntilAsync(async () => (await app.Monitor.GetJobIdsAsync(OperateAppFactory.TaskQueue, JobStatus.Started, 0, 100)).Count == sleepers.Count,
                "every long task to be running");
            await AppFactory.PostFormAsync(client, "/send_test_email", new() { ["Input.When"] = "now" });

            await MailDev.WaitForMailAsync(me.Email, m => m.Subject == "[Microblog] Test email", TimeSpan.FromSeconds(20));
        }
        finally
        {
            foreach (var sleeper in sleepers)
                await app.JobQueue.StopJobAsync(sleeper.Id);
        }
    }

    [Fact]
    public async Task A_job_that_succeeds_on_retry_keeps_no_error_of_its_failed_attempt()
    {
        var job = await app.JobQueue.EnqueueAsync(FlakyJob.Name, [], new EnqueueOptions { Retry = new Retry(1) });

        await app.RunWorkerInBurstAsync();

        await job.RefreshAsync();
        Assert.Equal((JobStatus.Finished, 2, null), (job.Status, job.Attempt, job.ExcInfo));
    }

    private static (string, bool, string?) Ended(BackgroundTask? task) => (task!.State, task.Failed, task.Message);

    private static (int, string?, string?) Of(JsonElement data) =>
        (data.GetProperty("progress").GetInt32(), data.GetProperty("state").GetString(), data.GetProperty("message").GetString());

    /// <summary>One poll of the feed, as a page polling every 10 s makes it: each task's latest notification.</summary>
    private static async Task<Dictionary<string, JsonElement>> TaskFeedAsync(HttpClient client)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/notifications?since=0"));
        return doc.RootElement.EnumerateArray()
            .Where(n => n.GetProperty("name").GetString() == Notification.TaskProgress)
            .Select(n => n.GetProperty("data").Clone())
            .ToDictionary(d => d.GetProperty("task_id").GetString()!);
    }
}

/// <summary>Workers give a handler that ignores its cancellation three seconds before they recycle.</summary>
public sealed class HardStopAppFactory : OperateAppFactory
{
    protected override void ConfigureSettings(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        builder.UseSetting("JobQueue:HardStopLimit", "00:00:03");
    }
}

public class StubbornHandlerTests(HardStopAppFactory app) : IClassFixture<HardStopAppFactory>
{
    [Fact]
    public async Task A_timed_out_handler_that_ignores_its_token_keeps_its_slot_until_it_returns()
    {
        var stubborn = await app.JobQueue.EnqueueAsync(StubbornJob.Name, [], new EnqueueOptions { Timeout = TimeSpan.FromSeconds(1) });
        var next = await app.JobQueue.EnqueueAsync(StampJob.Name, []);
        var run = StubbornJob.Of(stubborn.Id);
        await using var worker = new RunningWorker(new Worker(app.Services, new WorkerOptions { Queues = [OperateAppFactory.TaskQueue], Concurrency = 1 }));

        await run.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(20));
        // The handler goes on ignoring its token for a while (within the hard limit), then returns.
        await Poll.NeverAsync(() => StampJob.Started.ContainsKey(next.Id), "the next job started while the timed-out handler held the only slot",
            TimeSpan.FromMilliseconds(500));
        var released = DateTimeOffset.UtcNow;
        run.Release.SetResult();
        await Poll.UntilAsync(() => Task.FromResult(StampJob.Started.ContainsKey(next.Id)), "the next job to run");

        Assert.True(StampJob.Started[next.Id] >= released, "the next job started while the timed-out handler still held the only slot");
    }

    [Fact]
    public async Task Past_the_hard_limit_the_worker_settles_the_job_and_recycles_itself()
    {
        var me = await app.CreateUserAsync();
        var task = await app.LaunchAsync(me, StubbornJob.Name);
        var worker = new Worker(app.Services, new WorkerOptions { Queues = [OperateAppFactory.TaskQueue], Concurrency = 2 });
        var running = worker.RunAsync(CancellationToken.None);
        try
        {
            await Poll.UntilAsync(async () => (await app.JobQueue.FetchJobAsync(task.Id))?.Status == JobStatus.Started, "the job to start");
            Assert.True(await app.JobQueue.StopJobAsync(task.Id));

            await running.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(worker.Recycled);
            var ended = await app.FindTaskAsync(task.Id);
            Assert.Equal((States.Stopped, "Stopped by an administrator."), (ended!.State, ended.Message));
        }
        finally
        {
            StubbornJob.Of(task.Id).Release.TrySetResult();
        }
    }
}
