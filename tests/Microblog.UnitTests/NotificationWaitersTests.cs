using Microblog.Data;
using Microblog.Web;

namespace Microblog.UnitTests;

public class NotificationWaitersTests
{
    private const int Me = 7;

    private static NotificationWaiters Listening()
    {
        var waiters = new NotificationWaiters();
        waiters.Connected();
        return waiters;
    }

    [Fact]
    public void What_a_query_found_answers_the_next_request_until_a_write_is_heard()
    {
        var waiters = Listening();
        waiters.Begin(Me).Learned(100);

        var before = waiters.Begin(Me).NothingNewerThan(100);
        waiters.Signal(new NotificationSignal(Me, 101));
        var after = waiters.Begin(Me);

        Assert.True(before);
        Assert.False(after.NothingNewerThan(100));
        Assert.True(after.NothingNewerThan(101));
    }

    [Fact]
    public void A_query_overtaken_by_a_write_teaches_nothing()
    {
        var waiters = Listening();
        var watch = waiters.Begin(Me);

        waiters.Signal(new NotificationSignal(Me, 101));
        watch.Learned(100);

        Assert.False(waiters.Begin(Me).NothingNewerThan(100));
    }

    [Fact]
    public void A_write_wakes_its_users_waiters_only()
    {
        var waiters = Listening();
        var mine = waiters.Begin(Me);
        var theirs = waiters.Begin(Me + 1);

        waiters.Signal(new NotificationSignal(Me, 101));

        Assert.True(mine.Changed.IsCompleted);
        Assert.False(theirs.Changed.IsCompleted);
        Assert.False(waiters.Begin(Me).Changed.IsCompleted);
    }

    [Fact]
    public void Losing_the_listener_wakes_every_waiter_and_forgets_what_was_known()
    {
        var waiters = Listening();
        waiters.Begin(Me).Learned(100);
        var waiting = waiters.Begin(Me);

        waiters.Disconnected();
        var deaf = waiters.Begin(Me);
        waiters.Connected();
        var again = waiters.Begin(Me);

        Assert.True(waiting.Changed.IsCompleted);
        Assert.False(deaf.Listening);
        Assert.False(deaf.NothingNewerThan(100));
        Assert.True(again.Listening);
        Assert.False(again.NothingNewerThan(100));
    }

    [Theory]
    [InlineData("12 1764650000.123456", true, 12, 1764650000.123456)]
    [InlineData("12", false, 0, 0)]
    [InlineData("x 1", false, 0, 0)]
    [InlineData("12 y", false, 0, 0)]
    public void Signal_payload_is_user_id_and_timestamp(string payload, bool valid, int userId, double timestamp)
    {
        Assert.Equal(valid, NotificationSignal.TryParse(payload, out var signal));
        Assert.Equal(new NotificationSignal(userId, timestamp), signal);
    }
}
