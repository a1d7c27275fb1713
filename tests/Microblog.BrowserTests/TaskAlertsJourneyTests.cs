using Microblog.IntegrationTests.Jobs;
using Microblog.IntegrationTests.Pages;
using Microblog.Tasks.Queue;
using Microblog.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Microblog.BrowserTests;

/// <summary>Demo steps of 300 ms and a feed polled five times a second, so every alert is seen to move.</summary>
public sealed class AlertsBrowserFactory : OperateBrowserFactory
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        builder.UseSetting("LongTask:StepDelay", "00:00:00.300");
        builder.UseSetting("Microblog:NotificationPollSeconds", "0.2");
    }
}

public class TaskAlertsJourneyTests(AlertsBrowserFactory app, Browser browser, ITestOutputHelper output)
    : IClassFixture<AlertsBrowserFactory>, IClassFixture<Browser>
{
    private const string Progress = "span[id$='-progress']";

    // Records every percentage each alert shows, so the test can tell afterwards that each one moved on its own.
    private const string Watch = """
        () => {
          window.seen = {};
          const note = () => document.querySelectorAll('.task-alert').forEach(a => {
            const values = (window.seen[a.dataset.taskId] ??= []);
            const v = a.querySelector("span[id$='-progress']").textContent;
            if (values[values.length - 1] !== v) values.push(v);
          });
          note();
          new MutationObserver(note).observe(document.getElementById('task-alerts'), { subtree: true, childList: true, characterData: true, attributes: true });
        }
        """;

    [Fact]
    public async Task Two_demos_and_an_export_each_move_their_own_alert_and_end_without_a_reload()
    {
        var me = await app.CreateUserAsync();
        await app.InsertPostsAsync(me.Id, 200_000);
        var page = await browser.NewPageAsync(app.RootUri);
        await OperateBrowserFactory.LoginAsync(page, me);
        await page.GotoAsync("/long_tasks");
        await page.FillAsync("#how-many", "2");
        await page.ClickAsync("#start-long-tasks");
        await Assertions.Expect(page.Locator(".long-task")).ToHaveCountAsync(2);
        await page.GotoAsync($"/user/{me.UserName}");
        await page.ClickAsync("#export_posts");
        await Assertions.Expect(page.Locator(".task-alert")).ToHaveCountAsync(3);
        await page.EvaluateAsync(Watch);
        var loaded = await page.EvaluateAsync<double>("() => performance.timeOrigin");

        await using var worker = app.StartWorkerOn();
        await page.WaitForFunctionAsync(
            $"() => [...document.querySelectorAll('.task-alert')].filter(a => {{ const v = +a.querySelector(\"{Progress}\").textContent; return v > 0 && v < 100; }}).length >= 2",
            null, new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 50 });
        var shot = OperateBrowserFactory.ScreenshotPath("task-alerts-moving.png");
        await page.ScreenshotAsync(new() { Path = shot });
        output.WriteLine($"screenshot: {shot}");
        await Assertions.Expect(page.Locator(".task-alert[data-state=completed]")).ToHaveCountAsync(3, new() { Timeout = 90_000 });

        Assert.Equal(loaded, await page.EvaluateAsync<double>("() => performance.timeOrigin"));
        var seen = await page.EvaluateAsync<Dictionary<string, string[]>>("() => window.seen");
        Assert.Equal(3, seen.Count);
        Assert.All(seen.Values, values => Assert.Contains(values, v => int.Parse(v) is > 0 and < 100));
        Assert.All(seen.Values, values => Assert.Equal("100", values[^1]));
        var results = await page.Locator(".task-alert .task-result").AllInnerTextsAsync();
        Assert.Equal(["Completed", "Completed", "Completed — check your email"], results.Order());
    }

    [Fact]
    public async Task A_failed_task_and_a_stopped_one_say_so_in_their_alerts_in_place()
    {
        var me = await app.CreateUserAsync();
        var failing = await app.LaunchAsync(me, FailingJob.Name);
        var sleepy = await app.LaunchAsync(me, SleepyJob.Name);
        var page = await browser.NewPageAsync(app.RootUri);
        await OperateBrowserFactory.LoginAsync(page, me);
        await Assertions.Expect(page.Locator(".task-alert")).ToHaveCountAsync(2);
        var loaded = await page.EvaluateAsync<double>("() => performance.timeOrigin");

        await using var worker = app.StartWorkerOn();
        var failed = page.Locator($".task-alert[data-task-id='{failing.Id}']");
        await Assertions.Expect(failed).ToHaveAttributeAsync("data-state", "failed");
        await Poll.UntilAsync(async () => (await app.JobQueue.FetchJobAsync(sleepy.Id))?.Status == JobStatus.Started, "the sleepy job to start");
        await app.JobQueue.StopJobAsync(sleepy.Id);
        var stopped = page.Locator($".task-alert[data-task-id='{sleepy.Id}']");
        await Assertions.Expect(stopped).ToHaveAttributeAsync("data-state", "stopped");
        var shot = OperateBrowserFactory.ScreenshotPath("task-alert-failed.png");
        await page.ScreenshotAsync(new() { Path = shot });
        output.WriteLine($"screenshot: {shot}");

        Assert.Equal(loaded, await page.EvaluateAsync<double>("() => performance.timeOrigin"));
        Assert.Equal("The task failed.", await failed.Locator(".task-result").InnerTextAsync());
        Assert.False(await failed.Locator(Progress).IsVisibleAsync());
        Assert.Contains("alert-danger", await failed.GetAttributeAsync("class"));
        Assert.Equal("Stopped by an administrator.", await stopped.Locator(".task-result").InnerTextAsync());
        Assert.Contains("alert-warning", await stopped.GetAttributeAsync("class"));
    }
}
