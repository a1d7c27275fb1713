using Microblog.QueueTests.Worker;
using Microblog.Tasks.Queue;

// The worker as its own OS process, for the tests that kill one or run two side by side.
WorkerOptions options;
try
{
    options = WorkerOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
var prefix = Environment.GetEnvironmentVariable("MICROBLOG_TEST_PREFIX")
    ?? throw new InvalidOperationException("MICROBLOG_TEST_PREFIX is not set; the queue tests start this program.");
var grace = Environment.GetEnvironmentVariable("MICROBLOG_TEST_GRACE_SECONDS");
var workerTtl = Environment.GetEnvironmentVariable("MICROBLOG_TEST_WORKER_TTL_SECONDS");
await using var services = TestServices.Build(TestServices.RedisAddress(), prefix, o =>
{
    if (grace is not null)
        o.GracePeriod = TimeSpan.FromSeconds(int.Parse(grace));
    if (workerTtl is not null)
        o.WorkerTtl = TimeSpan.FromSeconds(int.Parse(workerTtl));
});
await new Worker(services, options).RunAsync(CancellationToken.None);
return 0;
