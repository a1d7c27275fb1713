using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.Redis.StackExchange;
using HangfireBench;
using StackExchange.Redis;

// bench/queue/run drives this the way it drives QueueBench: Hangfire 1.8 on Redis, PostgreSQL or in memory, the
// same no-op job, one "key value" line per figure (the same keys, so the script reads both alike).
if (args is not [var command, var storageName, var address, var number, ..])
{
    Console.Error.WriteLine("usage: HangfireBench enqueue|work|latency redis|postgres|memory ADDRESS N [IN-FLIGHT | WORKERS | WARM-UP]");
    return 2;
}
var n = int.Parse(number, CultureInfo.InvariantCulture);
var extra = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;

// Settings from Hangfire's "Getting started" (serializer, compatibility level) and each storage's README; the
// intervals are set for a busy queue with sub-second pick-up, the way each storage documents it.
GlobalConfiguration.Configuration
    .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
    .UseSimpleAssemblyNameTypeSerializer()
    .UseRecommendedSerializerSettings()
    .UseLogProvider(new NoLogs());
JobStorage storage = storageName switch
{
    // FetchTimeout: an idle worker waits for a pub/sub wake-up at most this long before it polls again
    // (default 3 min, so one lost message stalls a job that long).
    "redis" => new RedisStorage(ConnectionMultiplexer.Connect(address), new RedisStorageOptions
    {
        Prefix = "{hangfire}:",
        FetchTimeout = TimeSpan.FromSeconds(1),
    }),
    // QueuePollInterval: 50 ms is the lowest allowed without AllowUnsafeValues (default 15 s). Long polling
    // (EnableLongPolling, LISTEN/NOTIFY) stays off: with it, one job in a thousand stayed fetched by a worker that
    // never ran it (hangfire-postgres/Hangfire.PostgreSql#410), and it did not start idle jobs sooner than the poll,
    // as each fetch opens a LISTEN connection of its own. A sliding invisibility timeout keeps a running job's fetch
    // alive by heartbeat, so a short InvisibilityTimeout (default 30 min) only bounds how long a lost fetch hides a job.
    "postgres" => new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(address, new PostgreSqlStorageOptions()),
        new PostgreSqlStorageOptions
        {
            QueuePollInterval = TimeSpan.FromMilliseconds(50),
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromMinutes(1),
            PrepareSchemaIfNecessary = true,
        }),
    "memory" => new InMemoryStorage(new InMemoryStorageOptions()),
    _ => throw new ArgumentException($"unknown storage {storageName}"),
};
var client = new BackgroundJobClient(storage);
var clock = Stopwatch.StartNew();
switch (command)
{
    case "enqueue":
        await Enqueue(extra);
        Console.WriteLine($"enqueue_per_s {n / clock.Elapsed.TotalSeconds:0}");
        break;
    case "work":
        // No burst mode in Hangfire: the in-memory storage only lives in this process, so fill it here first.
        if (storageName == "memory")
            await Enqueue(64);
        await Figures.WorkWindowAsync(async () =>
        {
            using var server = new BackgroundJobServer(ServerOptions(workers: extra), storage);
            // The last job has run once its Succeeded state is stored, not when its method returns.
            var monitor = storage.GetMonitoringApi();
            var deadline = Stopwatch.StartNew();
            long succeeded = 0;
            while (Volatile.Read(ref BenchJobs.Ran) < n || (succeeded = monitor.GetStatistics().Succeeded) < n)
            {
                // A stalled run says where it stopped instead of hanging bench/queue/run.
                if (deadline.Elapsed > TimeSpan.FromMinutes(10))
                    throw new TimeoutException($"after 10 min: {BenchJobs.Ran} of {n} jobs ran, {succeeded} stored as succeeded");
                await Task.Delay(Volatile.Read(ref BenchJobs.Ran) < n ? 20 : 2);
            }
        });
        break;
    case "latency":
        using (new BackgroundJobServer(ServerOptions(workers: 1), storage))
        {
            for (var i = 0; i < extra + n; i++)
            {
                client.Enqueue(() => BenchJobs.Stamp(Stopwatch.GetTimestamp()));
                if (!await BenchJobs.Stamped.WaitAsync(TimeSpan.FromSeconds(30)))
                    throw new TimeoutException("a job did not start within 30 s");
                // An idle worker: it has gone back to its wait before the next job comes.
                await Task.Delay(2);
            }
        }
        Figures.Latency(BenchJobs.Latencies.Skip(extra));
        break;
    default:
        Console.Error.WriteLine($"unknown command {command}");
        return 2;
}
return 0;

// Many enqueues in flight at once, as many web requests would enqueue. Hangfire's client is synchronous, so each
// caller is a thread of its own: blocked thread-pool threads would starve the Redis client's replies.
Task Enqueue(int inflight)
{
    var next = 0;
    var callers = Enumerable.Range(0, inflight).Select(_ => new Thread(() =>
    {
        while (Interlocked.Increment(ref next) <= n)
            client.Enqueue(() => BenchJobs.Noop());
    })).ToList();
    callers.ForEach(t => t.Start());
    callers.ForEach(t => t.Join());
    return Task.CompletedTask;
}

static BackgroundJobServerOptions ServerOptions(int workers) => new()
{
    WorkerCount = workers,
    // Only delayed and recurring jobs wait for this poll; none here, so the default (15 s) stays.
    SchedulePollingInterval = TimeSpan.FromSeconds(15),
};

sealed class NoLogs : Hangfire.Logging.ILogProvider
{
    public Hangfire.Logging.ILog GetLogger(string name) => new Quiet();

    private sealed class Quiet : Hangfire.Logging.ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) =>
            logLevel >= Hangfire.Logging.LogLevel.Error && (messageFunc is null || Print(messageFunc(), exception));

        private static bool Print(string message, Exception? exception)
        {
            Console.Error.WriteLine($"hangfire: {message} {exception?.Message}");
            return true;
        }
    }
}
