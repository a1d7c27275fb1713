using Microblog.QueueTests.Worker;
using Microblog.Tasks.Queue;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Microblog.QueueTests;

/// <summary>A queue under its own random key prefix on the test Redis, with in-process workers on demand.</summary>
public sealed class QueueHarness : IAsyncDisposable
{
    // RQ's tools know only the prefix rq:, so the tests that drive them get a Redis database of their own.
    private const int RqDatabase = 7;
    private static readonly Lazy<ConnectionMultiplexer> Shared = new(() => ConnectionMultiplexer.Connect(TestServices.RedisAddress() + ",allowAdmin=true"));
    private readonly List<(Tasks.Queue.Worker Worker, Task Run, CancellationTokenSource Stop)> workers = [];
    private readonly int database;

    public QueueHarness(Action<JobQueueOptions>? configure = null, TimeProvider? time = null, Action<IServiceCollection>? services = null)
        : this(configure, $"t{Guid.NewGuid():N}:"[..14], database: 0, time, services)
    {
    }

    private QueueHarness(Action<JobQueueOptions>? configure, string prefix, int database, TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        Prefix = prefix;
        this.database = database;
        Address = database == 0 ? TestServices.RedisAddress() : $"{TestServices.RedisAddress()},defaultDatabase={database}";
        Services = TestServices.Build(Address, Prefix, configure, time: time, more: services);
        Queue = Services.GetRequiredService<JobQueue>();
        Monitor = Services.GetRequiredService<JobQueueMonitor>();
    }

    /// <summary>
    /// A queue with RQ's own prefix in a Redis database emptied for it, for a test that drives RQ's tools against
    /// it. The tests of one class run one after another; only one class uses this database.
    /// </summary>
    public static async Task<QueueHarness> ForRqAsync(Action<JobQueueOptions>? configure = null)
    {
        await Shared.Value.GetServer(Shared.Value.GetEndPoints()[0]).FlushDatabaseAsync(RqDatabase);
        return new QueueHarness(configure, "rq:", RqDatabase);
    }

    public string Prefix { get; }

    /// <summary>The StackExchange.Redis address of this queue's database.</summary>
    public string Address { get; }

    /// <summary>The same database as a <c>redis://</c> URL, for RQ's tools.</summary>
    public string Url => $"redis://{TestServices.RedisAddress()}/{database}";

    /// <summary>This queue's database, on a connection of its own, for assertions.</summary>
    public IDatabase Db => Shared.Value.GetDatabase(database);

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

    /// <summary>The run of a worker started here, which ends when the worker stops.</summary>
    public Task RunOf(Tasks.Queue.Worker worker) => workers.Single(w => w.Worker == worker).Run;

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
        await foreach (var key in server.KeysAsync(database, pattern: Prefix + "*"))
            await Db.KeyDeleteAsync(key);
    }
}
