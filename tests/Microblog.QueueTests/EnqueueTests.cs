using System.Diagnostics;
using Microblog.QueueTests.Worker;
using Microblog.Tasks.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microblog.QueueTests;

public sealed class EnqueueTests
{
    [Fact]
    public async Task Caller_chooses_the_job_id_queue_and_description()
    {
        await using var h = new QueueHarness();

        var job = await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { JobId = "task-42", Queue = "exports", Description = "Exporting posts..." });

        var fetched = await h.JobAsync("task-42");
        Assert.Equal("task-42", job.Id);
        Assert.Equal("exports", fetched.Queue);
        Assert.Equal("Exporting posts...", fetched.Description);
        Assert.Equal(["task-42"], await h.Monitor.GetJobIdsAsync("exports", JobStatus.Queued));
    }

    [Fact]
    public async Task Enqueuing_an_existing_job_id_is_refused()
    {
        await using var h = new QueueHarness();
        await h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { JobId = "same" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => h.Queue.EnqueueAsync(Noop.Name, [], new EnqueueOptions { JobId = "same" }));

        Assert.Contains("'same' already exists", error.Message);
    }

    [Fact]
    public async Task Unknown_job_name_is_refused_at_enqueue()
    {
        await using var h = new QueueHarness();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => h.Queue.EnqueueAsync("no_such_job", 1));

        Assert.Contains("Unknown job name 'no_such_job'", error.Message);
        Assert.Empty(await h.Monitor.GetQueuesAsync());
    }

    [Theory]
    [InlineData(new object?[] { 1 }, "takes 2 argument(s)")]
    [InlineData(new object?[] { 1, "two" }, "argument 2 (\"two\") does not bind to Int32")]
    [InlineData(new object?[] { 1, null }, "argument 2 (null) does not bind to Int32")]
    public async Task Arguments_that_do_not_bind_to_the_handler_are_refused_at_enqueue(object?[] args, string reason)
    {
        await using var h = new QueueHarness();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => h.Queue.EnqueueAsync(Add.Name, args));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public async Task Worker_fails_a_job_whose_name_or_arguments_it_cannot_bind()
    {
        await using var h = new QueueHarness();
        await using var client = TestServices.Build(TestServices.RedisAddress(), h.Prefix, withJobs: false);
        var unchecked_ = client.GetRequiredService<JobQueue>();
        var unknown = await unchecked_.EnqueueAsync("no_such_job", 1);
        var badArgs = await unchecked_.EnqueueAsync(Add.Name, "one", 2);

        await h.RunBurstAsync();

        var failed = await h.JobAsync(unknown.Id);
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Contains("Unknown job name 'no_such_job'", failed.ExcInfo);
        failed = await h.JobAsync(badArgs.Id);
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Contains("argument 1 (\"one\") does not bind to Int32", failed.ExcInfo);
    }

    [Fact]
    public async Task Unreachable_redis_gives_a_clear_error_within_seconds()
    {
        var closed = ConfigurationOptions.Parse("127.0.0.1:1");
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddJobQueue(closed, o => o.ConnectTimeout = TimeSpan.FromSeconds(1))
            .AddJob<Noop>()
            .BuildServiceProvider();
        var queue = services.GetRequiredService<JobQueue>();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<JobQueueUnavailableException>(() => queue.EnqueueAsync(Noop.Name));

        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 5);
        Assert.StartsWith("Redis is unreachable", error.Message);
    }

    [Fact]
    public async Task Options_that_would_make_live_workers_look_dead_are_refused()
    {
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddJobQueue(ConfigurationOptions.Parse(TestServices.RedisAddress()), o => o.WorkerTtl = o.HeartbeatInterval)
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<JobQueue>());

        Assert.Contains("WorkerTtl must be longer than HeartbeatInterval", error.Message);
    }

    [Fact]
    public void Handler_without_a_name_or_with_a_bad_run_method_fails_at_registration()
    {
        var services = new ServiceCollection();

        var noName = Assert.Throws<InvalidOperationException>(() => services.AddJob<NoName>());
        var badReturn = Assert.Throws<InvalidOperationException>(() => services.AddJob<ReturnsInt>());
        services.AddJob<Noop>();
        var taken = Assert.Throws<InvalidOperationException>(() => services.AddJob<SameName>());

        Assert.Contains("public const string Name", noName.Message);
        Assert.Contains("must return Task or Task<T>", badReturn.Message);
        Assert.Contains("'noop'", taken.Message);
    }

    private sealed class NoName
    {
        public Task RunAsync() => Task.CompletedTask;
    }

    private sealed class ReturnsInt
    {
        public const string Name = "returns_int";

        public int RunAsync() => 1;
    }

    private sealed class SameName
    {
        public const string Name = "noop";

        public Task RunAsync() => Task.CompletedTask;
    }
}
