using System.Collections.Concurrent;
using System.Diagnostics;

namespace QueueBench;

public sealed class Noop
{
    public const string Name = "noop";

    public Task RunAsync() => Task.CompletedTask;
}

/// <summary>Notes how long after its enqueue (a Stopwatch timestamp, same process) the job started.</summary>
public sealed class Stamp
{
    public const string Name = "stamp";

    public static readonly ConcurrentQueue<double> Latencies = new();

    public static readonly SemaphoreSlim Ran = new(0);

    public Task RunAsync(long enqueuedAt)
    {
        Latencies.Enqueue(Stopwatch.GetElapsedTime(enqueuedAt).TotalMilliseconds);
        Ran.Release();
        return Task.CompletedTask;
    }
}
