using Microblog.Tasks.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Microblog.QueueTests.Worker;

/// <summary>The queue with the test jobs and short timings, shared by the tests and the worker program.</summary>
public static class TestServices
{
    public static string RedisAddress() =>
        Environment.GetEnvironmentVariable("MICROBLOG_TEST_REDIS") is { Length: > 0 } address
            ? address
            : throw new InvalidOperationException(
                "MICROBLOG_TEST_REDIS is not set: run bin/test, or start a redis-server and export MICROBLOG_TEST_REDIS=127.0.0.1:PORT.");

    public static ServiceProvider Build(string redis, string prefix, Action<JobQueueOptions>? configure = null, bool withJobs = true, TimeProvider? time = null, Action<IServiceCollection>? more = null)
    {
        var configuration = ConfigurationOptions.Parse(redis);
        var services = new ServiceCollection()
            .AddSingleton(time ?? TimeProvider.System)
            .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information))
            .AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(configuration))
            .AddJobQueue(configuration, o =>
            {
                o.Prefix = prefix;
                o.HeartbeatInterval = TimeSpan.FromSeconds(1);
                o.WorkerTtl = TimeSpan.FromSeconds(3);
                o.SchedulerInterval = TimeSpan.FromMilliseconds(100);
                o.GracePeriod = TimeSpan.FromSeconds(2);
                configure?.Invoke(o);
            });
        if (withJobs)
        {
            services.AddJob<Noop>().AddJob<Add>().AddJob<Fail>().AddJob<Sleep>().AddJob<SleepFirst>().AddJob<Progress>().AddJob<FailUntil>().AddJob<Record>().AddJob<Overlap>();
        }
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
