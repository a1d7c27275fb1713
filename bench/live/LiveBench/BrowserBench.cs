using Microblog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LiveBench;

internal static class BrowserBench
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    // Notes the wall-clock time at which each percentage first shows in the task's alert.
    private const string Observe = """
        (task) => {
          window.shownAt = {};
          const note = () => {
            const span = document.getElementById(task + '-progress');
            if (span && !(span.textContent in window.shownAt)) window.shownAt[span.textContent] = performance.timeOrigin + performance.now();
          };
          new MutationObserver(note).observe(document.getElementById('task-alerts'), { subtree: true, childList: true, characterData: true });
        }
        """;

    /// <summary>
    /// Writes a task's progress (1, 2, …) as a worker does, each at a random moment (so polling's phase is random too),
    /// and times each from just before the write until the page's alert shows it.
    /// </summary>
    public static async Task<int> LatencyAsync(Uri app, string cookie, int userId, int samples, string connectionString)
    {
        await using var session = await OpenAsync(app, cookie);
        var page = session.Page;
        var task = "bench-" + Guid.NewGuid().ToString("N")[..8];
        await page.EvaluateAsync(Observe, task);
        var offset = await ClockOffsetAsync(page);
        var options = new DbContextOptionsBuilder<MicroblogDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options;
        await using var db = new MicroblogDbContext(options);
        await WriteAsync(db, userId, task, 0);
        await page.WaitForFunctionAsync($"() => document.getElementById('{task}-progress')", null, new() { Timeout = 30_000 });
        var latencies = new List<double>();
        for (var progress = 1; progress <= samples; progress++)
        {
            await Task.Delay(Random.Shared.Next(100, 1_100));
            var written = Stats.NowMs();
            await WriteAsync(db, userId, task, progress);
            var shown = await page.WaitForFunctionAsync($"() => window.shownAt['{progress}']", null,
                new() { Timeout = 30_000, PollingInterval = 20 });
            latencies.Add(await shown.JsonValueAsync<double>() - offset - written);
        }
        Console.WriteLine($"latency {Stats.Describe(latencies)}");
        return 0;
    }

    /// <summary>Counts the feed requests an open tab makes while nothing happens.</summary>
    public static async Task<int> IdleAsync(Uri app, string cookie, int seconds)
    {
        await using var session = await OpenAsync(app, cookie);
        var requests = 0;
        session.Page.Request += (_, r) => { if (r.Url.Contains("/notifications")) Interlocked.Increment(ref requests); };
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        Console.WriteLine($"idle requests {requests} seconds {seconds} per_minute {requests * 60.0 / seconds:0.0}");
        return 0;
    }

    private static Task WriteAsync(MicroblogDbContext db, int userId, string task, int progress) =>
        db.AddTaskNotificationAsync(userId, task, new { task_id = task, progress, state = "running", description = "Benchmark" });

    // Chromium's and this process's wall clocks are the same system clock, read through different paths: the
    // difference, measured over the shortest of a few round trips, is taken off every sample.
    private static async Task<double> ClockOffsetAsync(IPage page)
    {
        var best = (RoundTrip: double.MaxValue, Offset: 0.0);
        for (var i = 0; i < 20; i++)
        {
            var before = Stats.NowMs();
            var there = await page.EvaluateAsync<double>("() => performance.timeOrigin + performance.now()");
            var after = Stats.NowMs();
            if (after - before < best.RoundTrip)
                best = (after - before, there - (before + after) / 2);
        }
        return best.Offset;
    }

    private static async Task<Session> OpenAsync(Uri app, string cookie)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
        var context = await browser.NewContextAsync(new() { BaseURL = app.ToString() });
        var (name, value) = (cookie[..cookie.IndexOf('=')], cookie[(cookie.IndexOf('=') + 1)..]);
        await context.AddCookiesAsync([new Cookie { Name = name, Value = value, Url = app.ToString() }]);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/explore");
        return new Session(playwright, browser, page);
    }

    private sealed record Session(IPlaywright Playwright, IBrowser Browser, IPage Page) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            Playwright.Dispose();
        }
    }
}
