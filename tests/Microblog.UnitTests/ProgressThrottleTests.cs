using Microblog.Tasks.Jobs;

namespace Microblog.UnitTests;

public class ProgressThrottleTests
{
    private readonly ManualClock clock = new();

    [Fact]
    public void Reports_the_first_value_then_only_new_percents_half_a_second_apart()
    {
        var throttle = new ProgressThrottle(clock);

        Assert.Equal(0, throttle.Next(0, 1000));
        Assert.Null(throttle.Next(5, 1000));
        Assert.Null(throttle.Next(10, 1000));
        clock.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Null(throttle.Next(9, 1000));
        Assert.Equal(1, throttle.Next(10, 1000));
        Assert.Null(throttle.Next(500, 1000));
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(50, throttle.Next(500, 1000));
    }

    [Fact]
    public void Always_reports_the_final_hundred()
    {
        var throttle = new ProgressThrottle(clock);
        throttle.Next(999, 1000);

        Assert.Equal(100, throttle.Next(1000, 1000));
        Assert.Null(throttle.Next(1000, 1000));
    }

    [Fact]
    public void Nothing_to_export_is_complete()
    {
        var throttle = new ProgressThrottle(clock);

        Assert.Equal(100, throttle.Next(0, 0));
    }

    [Fact]
    public void A_million_posts_over_ten_seconds_make_at_most_twenty_one_writes()
    {
        var throttle = new ProgressThrottle(clock);
        var writes = 0;

        for (var done = 0; done <= 1_000_000; done++)
        {
            if (done % 100 == 0)
                clock.Advance(TimeSpan.FromMilliseconds(1));
            if (throttle.Next(done, 1_000_000) is not null)
                writes++;
        }

        Assert.InRange(writes, 2, 21);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => ticks;
        public void Advance(TimeSpan by) => ticks += by.Ticks;
    }
}
