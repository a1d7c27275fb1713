using Microblog.IntegrationTests.Jobs;
using Microblog.Tasks.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Microblog.BrowserTests;

public class DashboardChartsJourneyTests(OperateBrowserFactory app, Browser browser, ITestOutputHelper output)
    : IClassFixture<OperateBrowserFactory>, IClassFixture<Browser>
{
    [Fact]
    public async Task Throughput_charts_draw_the_jobs_a_worker_just_ran()
    {
        var page = await browser.NewPageAsync(app.RootUri);
        await OperateBrowserFactory.LoginAsync(page, await app.AdminAsync());
        var queue = "q" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 5; i++)
            await app.JobQueue.EnqueueAsync(FlakyJob.Name, [], new EnqueueOptions { Queue = queue, Retry = new Retry(1) });
        for (var i = 0; i < 2; i++)
            await app.JobQueue.EnqueueAsync(FailingJob.Name, [], new EnqueueOptions { Queue = queue });
        await app.RunWorkerInBurstAsync(queue);

        await page.GotoAsync($"/admin/jobs?queue={queue}&state=failed");

        var seconds = page.Locator("#chart-seconds");
        await Assertions.Expect(seconds.Locator("canvas")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => Number(document.querySelector('#chart-seconds').dataset.finished) >= 5 && Number(document.querySelector('#chart-seconds').dataset.failed) >= 2");
        await Assertions.Expect(page.Locator("#chart-hours canvas")).ToBeVisibleAsync();
        var shot = OperateBrowserFactory.ScreenshotPath("dashboard-charts.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        output.WriteLine($"screenshot: {shot}");
    }

    [Fact]
    public async Task Chart_numbers_are_english_in_a_spanish_browser()
    {
        // 12,345 jobs finished this hour, written as the Finish script counts them; the next hour too, so the chart's
        // newest hour holds them even if the clock turns the hour before the page is read.
        var hour = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600;
        var prefix = app.Services.GetRequiredService<IOptions<JobQueueOptions>>().Value.Prefix;
        var redis = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        foreach (var h in new[] { hour, hour + 1 })
            await redis.HashIncrementAsync($"{prefix}stats:finished:d:{h * 3600 / 86400}", h, 12345);
        var page = await browser.NewPageAsync(app.RootUri, "es-ES");
        await OperateBrowserFactory.LoginAsync(page, await app.AdminAsync());

        await page.GotoAsync("/admin/jobs");
        await page.WaitForFunctionAsync("() => Number(document.querySelector('#chart-hours').dataset.finished) >= 12345");
        var over = page.Locator("#chart-hours .u-over");
        var box = (await over.BoundingBoxAsync())!;
        await over.HoverAsync(new() { Position = new() { X = box.Width - 1, Y = box.Height / 2 } });
        var finished = page.Locator("#chart-hours .u-legend .u-series").Nth(1).Locator(".u-value");

        await Assertions.Expect(finished).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{1,3}(,\d{3})+$"));
    }

    [Fact]
    public async Task Emptying_a_queue_asks_first_and_a_no_keeps_the_jobs()
    {
        var page = await browser.NewPageAsync(app.RootUri);
        await OperateBrowserFactory.LoginAsync(page, await app.AdminAsync());
        var queue = "q" + Guid.NewGuid().ToString("N")[..8];
        await app.JobQueue.EnqueueAsync(SleepyJob.Name, [], new EnqueueOptions { Queue = queue });
        await page.GotoAsync($"/admin/jobs?queue={queue}&state=queued");
        var empty = page.Locator($"tr.queue[data-queue={queue}] button.empty-queue");

        string? asked = null;
        void Dismiss(object? _, IDialog dialog) { asked = dialog.Message; _ = dialog.DismissAsync(); }
        page.Dialog += Dismiss;
        await empty.ClickAsync();
        page.Dialog -= Dismiss;
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        var keptAfterNo = (await app.Monitor.GetQueuesAsync()).Single(q => q.Name == queue).Queued;
        await empty.ClickAsync();
        await page.WaitForSelectorAsync(".flash");

        Assert.Contains("Delete all 1 queued jobs", asked);
        Assert.Equal(1, keptAfterNo);
        Assert.Equal(0, (await app.Monitor.GetQueuesAsync()).Single(q => q.Name == queue).Queued);
    }

    [Fact]
    public async Task Dashboard_fits_a_phone_screen()
    {
        var page = await browser.NewPageAsync(app.RootUri);
        await page.SetViewportSizeAsync(390, 844);
        await OperateBrowserFactory.LoginAsync(page, await app.AdminAsync());
        await using var worker = app.StartWorkerOn();

        await page.GotoAsync("/admin/jobs");
        await Assertions.Expect(page.Locator("tr.worker").First).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        var shot = OperateBrowserFactory.ScreenshotPath("dashboard-phone.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        output.WriteLine($"screenshot: {shot}");

        Assert.True(overflow <= 0, $"the page is {overflow} px wider than the phone");
    }
}
