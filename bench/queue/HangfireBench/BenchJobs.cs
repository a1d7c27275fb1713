using System.Collections.Concurrent;
using System.Diagnostics;

namespace HangfireBench;

/// <summary>The jobs Hangfire runs: public static methods, as Hangfire's docs show them.</summary>
public static class BenchJobs
{
    public static int Ran;

    public static readonly ConcurrentQueue<double> Latencies = new();

    public static readonly SemaphoreSlim Stamped = new(0);

    public static void Noop() => Interlocked.Increment(ref Ran);

    /// <summary>Notes how long after its enqueue (a Stopwatch timestamp, same process) the job started.</summary>
    public static void Stamp(long enqueuedAt)
    {
        Latencies.Enqueue(Stopwatch.GetElapsedTime(enqueuedAt).TotalMilliseconds);
        Stamped.Release();
    }
}
