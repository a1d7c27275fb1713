using System.Diagnostics;
using System.Globalization;
using Microblog.Tasks.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QueueBench;
using StackExchange.Redis;

// bench/queue/run drives this: enqueue N no-op jobs, drain them with a burst worker, or measure
// enqueue-to-start latency against an idle in-process worker. Prints one "key value" line per figure.
if (args is not [var command, var redis, var prefix, var number, ..])
{
    Console.Error.WriteLine("usage: QueueBench enqueue REDIS PREFIX N [IN-FLIGHT] | work REDIS PREFIX N [worker options] | latency REDIS PREFIX N WARM-UP");
    return 2;
}
var n = int.Parse(number, CultureInfo.InvariantCulture);
await using var services = new ServiceCollection()
    .AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
    .AddJobQueue(ConfigurationOptions.Parse(redis), o => o.Prefix = prefix)
    .AddJob<Noop>()
    .AddJob<Stamp>()
    .BuildServiceProvider();
var queue = services.GetRequiredService<JobQueue>();
var clock = Stopwatch.StartNew();
switch (command)
{
    case "enqueue":
        // Optionally many enqueues in flight, as many web requests would enqueue at once.
        var inflight = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, inflight).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= n)
                await queue.EnqueueAsync(Noop.Name);
        }));
        Console.WriteLine($"enqueue_per_s {n / clock.Elapsed.TotalSeconds:0}");
        break;
    case "work":
        var options = WorkerOptions.Parse(["--burst", .. args[4..]]);
        await Figures.WorkWindowAsync(() => new Worker(services, options).RunAsync(CancellationToken.None));
        break;
    case "latency":
        // Jobs run before the measured ones: while .NET's tiered JIT recompiles the hot path, the first thousand
        // or so jobs of a fresh worker have a longer tail. bench/queue/run gives every system the same warm-up.
        if (args.Length < 5)
        {
            Console.Error.WriteLine("usage: QueueBench latency REDIS PREFIX N WARM-UP");
            return 2;
        }
        var warmup = int.Parse(args[4], CultureInfo.InvariantCulture);
        using (var stop = new CancellationTokenSource())
        {
            var worker = new Worker(services, new WorkerOptions { Concurrency = 1 });
            var running = worker.RunAsync(stop.Token);
            for (var i = 0; i < warmup + n; i++)
            {
                await queue.EnqueueAsync(Stamp.Name, Stopwatch.GetTimestamp());
                await Stamp.Ran.WaitAsync();
                // An idle worker: it has gone back to its blocking wait before the next job comes.
                await Task.Delay(2);
            }
            await stop.CancelAsync();
            await running;
        }
        Figures.Latency(Stamp.Latencies.Skip(warmup));
        break;
    default:
        Console.Error.WriteLine($"unknown command {command}");
        return 2;
}
return 0;
