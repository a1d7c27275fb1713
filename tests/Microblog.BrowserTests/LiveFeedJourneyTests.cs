using Microblog.Data;
using Microblog.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

namespace Microblog.BrowserTests;

/// <summary>
/// Polling slowed to a minute, so an update that shows within seconds came through the waiting feed; waits of 2 s so
/// a logged-out tab's last held request ends soon.
/// </summary>
public sealed class LiveFeedBrowserFactory : KestrelAppFactory
{
    public const double WaitSeconds = 2;

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Microblog:NotificationPollSeconds", "60");
        builder.UseSetting("Microblog:NotificationWaitSeconds", WaitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public class LiveFeedJourneyTests(LiveFeedBrowserFactory app, Browser browser)
    : IClassFixture<LiveFeedBrowserFactory>, IClassFixture<Browser>
{
    private static readonly LocatorAssertionsToHaveTextOptions Promptly = new() { Timeout = 5_000 };

    [Fact]
    public async Task A_worker_written_task_update_and_message_count_show_promptly_in_two_tabs()
    {
        var me = await app.CreateUserAsync();
        var first = await browser.NewPageAsync(app.RootUri);
        await OperateBrowserFactory.LoginAsync(first, me);
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync("/explore");
        const string task = "4f1c2a9e-live-feed";

        await app.AsWorkerAsync(db => db.AddTaskNotificationAsync(me.Id, task,
            new { task_id = task, progress = 40, state = "running", description = "Exporting posts..." }));
        await app.AsWorkerAsync(db => db.AddNotificationAsync(me.Id, Notification.UnreadMessageCount, 3));

        foreach (var page in new[] { first, second })
        {
            await Assertions.Expect(page.Locator($"[id='{task}-progress']")).ToHaveTextAsync("40", Promptly);
            await Assertions.Expect(page.Locator("#message_count")).ToHaveTextAsync("3", Promptly);
        }
    }

    [Fact]
    public async Task A_tab_left_open_stops_reading_the_feed_after_logout()
    {
        var me = await app.CreateUserAsync();
        var leaving = await browser.NewPageAsync(app.RootUri);
        await OperateBrowserFactory.LoginAsync(leaving, me);
        var left = await leaving.Context.NewPageAsync();
        var requests = 0;
        var refused = 0;
        left.Request += (_, r) => { if (r.Url.Contains("/notifications")) Interlocked.Increment(ref requests); };
        left.Response += (_, r) => { if (r.Url.Contains("/notifications") && r.Status == 401) Interlocked.Increment(ref refused); };
        await left.GotoAsync("/explore");

        await leaving.ClickAsync("#logout");
        await Poll.UntilAsync(() => left.EvaluateAsync<bool>("() => window.microblogNotifications.stopped()"), "the open tab stopped");
        var atStop = Volatile.Read(ref requests);
        // Watched longer than a wait and a retry.
        await Poll.NeverAsync(() => Volatile.Read(ref requests) > atStop, "the tab asked the feed again after logout",
            TimeSpan.FromSeconds(LiveFeedBrowserFactory.WaitSeconds + 2));

        Assert.True(Volatile.Read(ref refused) >= 1, "the tab never heard the feed's 401");
    }
}
