using Microblog.Data;
using Microblog.Web;

namespace Microblog.UnitTests;

public class NotificationWaitersTests
{
    private const int Me = 7;

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static NotificationWaiters Listening(TimeProvider? clock = null)
    {
        var waiters = new NotificationWaiters(clock ?? TimeProvider.System);
        waiters.Connected();
        return waiters;
    }

    private static NotificationWaiters.Row Row(double timestamp) => new(timestamp, [(byte)'{', (byte)'}']);

    // A query that found these rows, at once.
    private static void Learn(NotificationWaiters.Watch watch, params NotificationWaiters.Row[] rows) =>
        watch.ReadAsync(() => Task.FromResult(rows)).GetAwaiter().GetResult();

    [Fact]
    public void What_a_query_found_answers_the_next_request_until_a_write_is_heard()
    {
        var waiters = Listening();
        Learn(waiters.Begin(Me), Row(100));

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
        Learn(watch, Row(100));

        Assert.False(waiters.Begin(Me).NothingNewerThan(100));
        Assert.Null(waiters.Begin(Me).Rows);
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
    public async Task Losing_the_listener_wakes_every_waiter_and_forgets_what_was_known()
    {
        var waiters = Listening();
        Learn(waiters.Begin(Me), Row(100));
        var waiting = waiters.Begin(Me);

        waiters.Disconnected();
        var deaf = waiters.Begin(Me);
        waiters.Connected();
        var again = waiters.Begin(Me);

        await waiting.Changed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(deaf.Listening);
        Assert.False(deaf.NothingNewerThan(100));
        Assert.Null(deaf.Rows);
        Assert.True(again.Listening);
        Assert.False(again.NothingNewerThan(100));
        Assert.Null(again.Rows);
    }

    [Fact]
    public void Reconnecting_wakes_nobody_as_waiters_begun_while_deaf_poll_anyway()
    {
        var waiters = new NotificationWaiters(TimeProvider.System);
        var deaf = waiters.Begin(Me);

        waiters.Connected();

        Assert.False(deaf.Listening);
        Assert.False(deaf.Changed.IsCompleted);
    }

    [Fact]
    public void The_rows_a_query_read_answer_later_requests_until_any_write_for_the_user_is_heard()
    {
        var waiters = Listening();
        Learn(waiters.Begin(Me), Row(100), Row(105));

        var cached = waiters.Begin(Me).Rows;
        waiters.Signal(new NotificationSignal(Me + 1, 106));
        var stillCached = waiters.Begin(Me).Rows;
        waiters.Signal(new NotificationSignal(Me, 50));
        var afterMyDelete = waiters.Begin(Me);

        Assert.Equal([100, 105], cached!.Select(r => r.Timestamp));
        Assert.Same(cached, stillCached);
        Assert.Null(afterMyDelete.Rows);
        Assert.True(afterMyDelete.NothingNewerThan(105));
    }

    [Fact]
    public async Task Requests_that_saw_the_same_state_share_one_query_and_a_later_write_starts_another()
    {
        var waiters = Listening();
        var query = new TaskCompletionSource<NotificationWaiters.Row[]>();
        var queries = 0;
        Task<NotificationWaiters.Row[]> Read() { queries++; return query.Task; }

        var first = waiters.Begin(Me).ReadAsync(Read);
        var second = waiters.Begin(Me).ReadAsync(Read);
        waiters.Signal(new NotificationSignal(Me, 101));
        var afterWrite = waiters.Begin(Me).ReadAsync(Read);
        query.SetResult([Row(100)]);

        Assert.Same(await first, await second);
        await afterWrite;
        Assert.Equal(2, queries);
    }

    [Fact]
    public void Users_idle_for_a_while_are_forgotten_but_not_while_a_request_holds_them()
    {
        var clock = new ManualClock();
        var waiters = Listening(clock);
        waiters.Begin(Me).Dispose();
        var held = waiters.Begin(Me + 1);

        clock.Now += NotificationWaiters.ForgetIdleAfter + TimeSpan.FromSeconds(1);
        waiters.Begin(Me + 2).Dispose();

        Assert.False(waiters.Knows(Me));
        Assert.True(waiters.Knows(Me + 1));
        waiters.Signal(new NotificationSignal(Me + 1, 1));
        Assert.True(held.Changed.IsCompleted);
    }

    [Fact]
    public void A_forgotten_user_starts_again_knowing_nothing()
    {
        var clock = new ManualClock();
        var waiters = Listening(clock);
        using (var watch = waiters.Begin(Me))
            Learn(watch, Row(100));

        clock.Now += NotificationWaiters.ForgetIdleAfter + TimeSpan.FromSeconds(1);
        using var again = waiters.Begin(Me);

        Assert.Null(again.Rows);
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
