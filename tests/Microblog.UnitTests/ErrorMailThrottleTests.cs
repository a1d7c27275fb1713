using Microblog.Web.Logging;

namespace Microblog.UnitTests;

public class ErrorMailThrottleTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void One_mail_per_interval_and_the_next_one_counts_the_errors_held_back()
    {
        var clock = new ManualClock();
        var throttle = new ErrorMailThrottle(TimeSpan.FromMinutes(1), clock);

        var first = throttle.TryTake(out var beforeFirst);
        var burst = Enumerable.Range(0, 50).Count(_ => throttle.TryTake(out _));
        clock.Now += TimeSpan.FromSeconds(61);
        var later = throttle.TryTake(out var beforeLater);

        Assert.True(first);
        Assert.Equal(0, beforeFirst);
        Assert.Equal(0, burst);
        Assert.True(later);
        Assert.Equal(50, beforeLater);
    }
}
