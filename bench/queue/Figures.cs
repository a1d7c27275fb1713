using System.Diagnostics;

/// <summary>The figure lines bench/queue/run reads, printed alike by every .NET driver (QueueBench, HangfireBench).</summary>
internal static class Figures
{
    /// <summary>Runs the processing window and prints its wall-clock bounds and the CPU the process used in it.</summary>
    public static async Task WorkWindowAsync(Func<Task> work)
    {
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await work();
        Console.WriteLine($"window_ms {start} {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
        Console.WriteLine($"cpu_ms {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0}");
    }

    public static void Latency(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        double P(double q) => sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine($"latency_ms p50 {P(0.50):0.000} p95 {P(0.95):0.000} p99 {P(0.99):0.000} n {sorted.Length}");
    }
}
