namespace Microblog.Tasks.Queue;

/// <summary>
/// How often a failed job is tried again and how long to wait before each new attempt, like RQ's
/// <c>Retry(max=3, interval=[10, 30, 60])</c>. Attempt n+1 waits <c>Intervals[n-1]</c> seconds (the last
/// interval repeats); a zero or missing interval puts the job straight back on its queue.
/// </summary>
/// <param name="Max">How many times to retry after the first failure.</param>
/// <param name="Intervals">Seconds to wait before each retry.</param>
public sealed record Retry(int Max, params int[] Intervals);
