using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Microblog.BrowserTests;

public class LongTasksJourneyTests(OperateBrowserFactory app, Browser browser, ITestOutputHelper output)
    : IClassFixture<OperateBrowserFactory>, IClassFixture<Browser>
{
    [Fact]
    public async Task Three_demo_tasks_started_at_once_each_fill_their_bar_and_answer_42()
    {
        var me = await app.CreateUserAsync();
        var page = await browser.NewPageAsync(app.RootUri);
        await using var worker = app.StartWorkerOn();
        await OperateBrowserFactory.LoginAsync(page, me);

        await page.GotoAsync("/long_tasks");
        await page.FillAsync("#how-many", "3");
        await page.ClickAsync("#start-long-tasks");
        // A bar under way whose animated width has caught up with its percentage, so the picture matches the numbers.
        await page.WaitForFunctionAsync("""
            () => [...document.querySelectorAll('.long-task')].some(card => {
                const percent = +card.querySelector('.percent').textContent;
                const bar = card.querySelector('.progress-bar');
                return percent >= 10 && percent < 100 && Math.abs(bar.offsetWidth / bar.parentElement.clientWidth * 100 - percent) < 2;
            })
            """);
        await page.ScreenshotAsync(new() { Path = OperateBrowserFactory.ScreenshotPath("long-tasks-running.png"), FullPage = true });
        var cards = page.Locator(".long-task");
        await Assertions.Expect(page.Locator(".long-task[data-state=completed]")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        // Bootstrap animates the bar's width; the picture should show where it lands.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.progress-bar')].every(b => b.offsetWidth === b.parentElement.clientWidth)");

        var shot = OperateBrowserFactory.ScreenshotPath("long-tasks-finished.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        output.WriteLine($"screenshot: {shot}");
        Assert.Equal(3, await cards.CountAsync());
        foreach (var card in await cards.AllAsync())
        {
            Assert.Equal("Result: 42", await card.Locator(".result").InnerTextAsync());
            Assert.Equal("100", await card.Locator(".percent").InnerTextAsync());
            Assert.Equal("Task completed!", await card.Locator(".status").InnerTextAsync());
            Assert.Contains("width: 100%;", await card.Locator(".progress-bar").GetAttributeAsync("style"));
        }
        Assert.Equal(3, (await cards.Locator(".status-url").AllInnerTextsAsync()).Distinct().Count());
    }
}
