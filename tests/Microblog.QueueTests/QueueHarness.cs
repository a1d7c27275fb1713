using Microblog.QueueTests.Worker;
using Microblog.Tasks.Queue;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Microblog.QueueTests;

/// <summary>A queue under its own random key prefix on the test Redis, with in-process workers on demand.</summary>
public sealed class QueueHarness : IAsyncDisposable
{
    private static readonly Lazy<ConnectionMultiplexer> Shared = new(() => ConnectionMultiplexer.Connect(TestServices.RedisAddress()));
    private readonly List<(Tasks.Queue.Worker Worker, Task Run, CancellationTokenSource Stop)> workers = [];

    public QueueHarness(Action<JobQueueOptions>? configure = null)
    {
        Services = TestServices.Build(TestServices.RedisAddress(), Prefix, configure);
        Queue = Services.GetRequiredService<JobQueue>();
        Monitor = Services.GetRequiredService<JobQueueMonitor>();
    }

    public string Prefix { get; } = $"t{Guid.NewGuid():N}:"[..14];

    public ServiceProvider Services { get; }

    public JobQueue Queue { get; }

    public JobQueueMonitor Monitor { get; }

    /// <summary>A second, independent connection for assertions.</summary>
    public static IDatabase Redis => Shared.Value.GetDatabase();

    public Tasks.Queue.Worker StartWorker(int concurrency = 2, params string[] queues)
    {
        var worker = new Tasks.Queue.Worker(Services, new WorkerOptions { Concurrency = concurrency, Queues = queues });
        var stop = new CancellationTokenSource();
        workers.Add((worker, Task.Run(() => worker.RunAsync(stop.Token)), stop));
        return worker;
    }

    /// <summary>Stops a worker started here the way a signal does, and waits for it to put back what it held.</summary>
    public async Task StopWorkerAsync(Tasks.Queue.Worker worker)
    {
        var (_, run, stop) = workers.Single(w => w.Worker == worker);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(15));
    }

    public async Task RunBurstAsync(int concurrency = 2, params string[] queues) =>
        await new Tasks.Queue.Worker(Services, new WorkerOptions { Concurrency = concurrency, Queues = queues, Burst = true })
            .RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

    public async Task<Job> JobAsync(string id) =>
        await Queue.FetchJobAsync(id) ?? throw new InvalidOperationException($"Job {id} is gone.");

    public async Task<JobStatus?> StatusAsync(string id) => (await Queue.FetchJobAsync(id))?.Status;

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, run, stop) in workers)
        {
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(15));
        }
        await Services.DisposeAsync();
        var server = Shared.Value.GetServer(Shared.Value.GetEndPoints()[0]);
        await foreach (var key in server.KeysAsync(pattern: Prefix + "*"))
            await Redis.KeyDeleteAsync(key);
    }
}
