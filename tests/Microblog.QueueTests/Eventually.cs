using System.Diagnostics;

namespace Microblog.QueueTests;

/// <summary>Polls a condition until it holds or a deadline passes, instead of sleeping a fixed time.</summary>
public static class Eventually
{
    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        var deadline = within ?? TimeSpan.FromSeconds(15);
        while (!await condition())
        {
            if (clock.Elapsed > deadline)
                Assert.Fail($"Not true after {deadline.TotalSeconds:0.#} s: {what}");
            await Task.Delay(20);
        }
        return clock.Elapsed;
    }
}
