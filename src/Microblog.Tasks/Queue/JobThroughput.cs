using StackExchange.Redis;

namespace Microblog.Tasks.Queue;

/// <summary>
/// Jobs finished and failed (for good, not the attempts retried) in consecutive buckets of <paramref name="Step"/>
/// starting at <paramref name="Start"/>, oldest first: what a dashboard's throughput chart draws.
/// </summary>
public sealed record JobThroughput(DateTimeOffset Start, TimeSpan Step, IReadOnlyList<long> Finished, IReadOnlyList<long> Failed);

/// <summary>Reads the counters the Finish and Fail scripts keep (see <c>count</c> in <see cref="Scripts"/>).</summary>
internal static class JobThroughputReader
{
    /// <summary>How far back each series goes: the scripts' key lifetimes, less the bucket being filled.</summary>
    public const int MaxSeconds = 600;
    public const int MaxHours = 8 * 24;

    public static Task<JobThroughput> PerSecondAsync(JobStore store, int seconds) =>
        ReadAsync(store, Math.Clamp(seconds, 1, MaxSeconds), 1, 60, "m");

    public static Task<JobThroughput> PerHourAsync(JobStore store, int hours) =>
        ReadAsync(store, Math.Clamp(hours, 1, MaxHours), 3600, 86400, "d");

    // Buckets of `step` seconds, the last one being the current; counters live in one hash per `span` seconds.
    private static async Task<JobThroughput> ReadAsync(JobStore store, int buckets, long step, long span, string kind)
    {
        var last = store.Time.GetUtcNow().ToUnixTimeSeconds() / step;
        var first = last - buckets + 1;
        var db = await store.DatabaseAsync();
        var series = new Dictionary<string, long[]>();
        foreach (var outcome in new[] { "finished", "failed" })
        {
            var counts = new long[buckets];
            for (var hash = first * step / span; hash <= last * step / span; hash++)
            {
                foreach (var entry in await db.HashGetAllAsync($"{store.Keys.Prefix}stats:{outcome}:{kind}:{hash}"))
                {
                    var bucket = (long)entry.Name - first;
                    if (bucket >= 0 && bucket < buckets)
                        counts[bucket] = (long)entry.Value;
                }
            }
            series[outcome] = counts;
        }
        return new JobThroughput(DateTimeOffset.FromUnixTimeSeconds(first * step), TimeSpan.FromSeconds(step), series["finished"], series["failed"]);
    }
}
