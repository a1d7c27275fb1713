using System.Diagnostics;

namespace Microblog.Testing;

/// <summary>
/// How tests wait for something asynchronous (a job, a mail, a page): poll with a deadline, never sleep a fixed
/// time. Linked into each test project that needs it.
/// </summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);

    /// <summary>Probes until <paramref name="done"/> holds for the value seen, and returns that value.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        var deadline = within ?? DefaultDeadline;
        while (true)
        {
            var value = await probe();
            if (done(value))
                return value;
            if (clock.Elapsed > deadline)
                throw new TimeoutException($"Not true after {deadline.TotalSeconds:0.#} s: {what}; last seen: {value}");
            await Task.Delay(Interval);
        }
    }

    /// <summary>
    /// Watches <paramref name="happened"/> for <paramref name="during"/> and fails as soon as it holds: how a test
    /// shows that something does not happen (it can only be seen by watching a while).
    /// </summary>
    public static async Task NeverAsync(Func<bool> happened, string what, TimeSpan during)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < during)
        {
            if (happened())
                throw new InvalidOperationException($"Happened after {clock.Elapsed.TotalSeconds:0.##} s: {what}");
            await Task.Delay(Interval);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds; returns how long that took.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        await UntilAsync(condition, holds => holds, what, within);
        return clock.Elapsed;
    }
}
