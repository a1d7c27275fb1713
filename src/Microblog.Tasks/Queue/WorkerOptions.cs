namespace Microblog.Tasks.Queue;

/// <summary>What one worker process listens to and how, as given on the command line.</summary>
public sealed class WorkerOptions
{
    private const string Usage = "usage: worker [--queues a,b] [--concurrency N] [--burst] [--log-file PATH] [--name NAME]";

    /// <summary>Queues in priority order; empty means <see cref="JobQueueOptions.DefaultQueue"/>.</summary>
    public IReadOnlyList<string> Queues { get; init; } = [];

    /// <summary>
    /// How many jobs run at once when <c>--concurrency</c> is not given. Handlers are async and spend their time
    /// waiting on PostgreSQL, SMTP and timers, not on a CPU, so a slot costs little: 32 lets five users run five
    /// long tasks each and still leaves slots for mail (docs/BENCHMARKS.md measures it).
    /// </summary>
    public const int DefaultConcurrency = 32;

    /// <summary>How many jobs run at once.</summary>
    public int Concurrency { get; init; } = DefaultConcurrency;

    /// <summary>Exit once the queues are empty, nothing runs and nothing scheduled is due (RQ's <c>--burst</c>).</summary>
    public bool Burst { get; init; }

    /// <summary>Also append one line per job to this file.</summary>
    public string? LogFile { get; init; }

    /// <summary>The worker's name; host, process id and a random suffix when null. Must be unique among live workers.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// Let the worker handle SIGINT/SIGTERM itself: the first signal shuts down gracefully, a second one at once.
    /// For a worker started from the command line without a host; <see cref="Parse"/> sets it.
    /// </summary>
    public bool HandleSignals { get; init; }

    /// <summary>
    /// Parses <c>[worker] [--queues a,b] [--concurrency N] [--burst] [--log-file PATH] [--name NAME]</c>
    /// (also <c>--option=value</c>). Sets <see cref="HandleSignals"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value; the message is one line fit to print.</exception>
    public static WorkerOptions Parse(IReadOnlyList<string> args)
    {
        var queues = new List<string>();
        var concurrency = DefaultConcurrency;
        var burst = false;
        string? logFile = null, name = null;
        var start = args.Count > 0 && args[0] == "worker" ? 1 : 0;
        for (var i = start; i < args.Count; i++)
        {
            var (option, inline) = args[i].Split('=', 2) is [var o, var v] && o.StartsWith("--", StringComparison.Ordinal) ? (o, v) : (args[i], null);
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{option} needs a value; {Usage}"));
            switch (option)
            {
                case "--queues" or "-q":
                    queues.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--concurrency" or "-c":
                    var text = Value();
                    if (!int.TryParse(text, out concurrency) || concurrency < 1)
                        throw new ArgumentException($"--concurrency needs a whole number of at least 1, not '{text}'; {Usage}");
                    break;
                case "--burst" or "-b":
                    burst = true;
                    break;
                case "--log-file":
                    logFile = Value();
                    break;
                case "--name" or "-n":
                    name = Value();
                    break;
                default:
                    throw new ArgumentException($"Unknown worker option '{args[i]}'; {Usage}");
            }
        }
        return new WorkerOptions { Queues = queues, Concurrency = concurrency, Burst = burst, LogFile = logFile, Name = name, HandleSignals = true };
    }
}
