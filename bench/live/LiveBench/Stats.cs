using System.Globalization;

namespace LiveBench;

internal static class Stats
{
    /// <summary>"n N p50_ms … p95_ms … p99_ms … max_ms …" of the samples (nearest rank).</summary>
    public static string Describe(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
            return "n 0";
        var sorted = samples.Order().ToArray();
        string At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)].ToString("0.0", CultureInfo.InvariantCulture);
        return $"n {sorted.Length} p50_ms {At(0.50)} p95_ms {At(0.95)} p99_ms {At(0.99)} max_ms {sorted[^1].ToString("0.0", CultureInfo.InvariantCulture)}";
    }

    /// <summary>Wall-clock milliseconds since 1970, the clock Chromium's performance.timeOrigin is on too.</summary>
    public static double NowMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
}
