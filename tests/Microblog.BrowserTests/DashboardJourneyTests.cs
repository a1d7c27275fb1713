using Microblog.IntegrationTests.Jobs;
using Microblog.Tasks.Queue;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Microblog.BrowserTests;

public class DashboardJourneyTests(OperateBrowserFactory app, Browser browser, ITestOutputHelper output)
    : IClassFixture<OperateBrowserFactory>, IClassFixture<Browser>
{
    [Fact]
    public async Task Admin_watches_a_worker_pick_up_a_job_without_reloading()
    {
        var page = await browser.NewPageAsync(app.RootUri);
        await OperateBrowserFactory.LoginAsync(page, await app.AdminAsync());
        await page.GotoAsync("/admin/jobs");
        var job = await app.JobQueue.EnqueueAsync(SleepyJob.Name, [], new EnqueueOptions { Description = "Sleeping until stopped" });

        await using var worker = app.StartWorkerOn();
        try
        {
            var current = page.Locator($"tr.worker a.current-job:text-is('{job.Id}')");
            await Assertions.Expect(current).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await Assertions.Expect(page.Locator("tr.worker .worker-state").First).ToHaveTextAsync("busy", new() { Timeout = 15_000 });

            var shot = OperateBrowserFactory.ScreenshotPath("dashboard-worker.png");
            await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
            output.WriteLine($"screenshot: {shot}");
            var row = page.Locator("tr.worker").Filter(new() { HasText = job.Id });
            Assert.Contains(Environment.ProcessId.ToString(), await row.InnerTextAsync());
            Assert.Equal("1", await page.Locator("tr.queue[data-queue=microblog-tasks] a[data-state=started]").InnerTextAsync());
        }
        finally
        {
            await app.JobQueue.StopJobAsync(job.Id);
        }
    }
}
