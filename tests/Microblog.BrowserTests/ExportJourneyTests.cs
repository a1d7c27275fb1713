using Microblog.IntegrationTests.Infrastructure;
using Microblog.IntegrationTests.Pages;
using Microsoft.Playwright;

namespace Microblog.BrowserTests;

public class ExportJourneyTests(KestrelAppFactory app, Browser browser) : IClassFixture<KestrelAppFactory>, IClassFixture<Browser>
{
    private const string Progress = ".task-alert span[id$='-progress']";

    [Fact]
    public async Task Export_alert_rises_without_a_reload_and_ends_completed()
    {
        var me = await app.CreateUserAsync("exporter");
        // Enough posts that the export lasts a few seconds, so the page can be seen in the middle of it.
        await app.InsertPostsAsync(me.Id, 300_000);
        var page = await browser.NewPageAsync(app.RootUri);
        await page.GotoAsync("/auth/login");
        await page.FillAsync("#Input_Username", me.UserName);
        await page.FillAsync("#Input_Password", AppFactory.Password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync("**/index");
        await page.GotoAsync($"/user/{me.UserName}");
        await using var worker = app.StartWorker();

        await page.ClickAsync("#export_posts");
        await page.WaitForSelectorAsync(".task-alert");
        var loaded = await page.EvaluateAsync<double>("() => performance.timeOrigin");
        await page.WaitForFunctionAsync(
            $"() => {{ const v = Number(document.querySelector(\"{Progress}\")?.textContent); return v > 0 && v < 100; }}",
            null, new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 50 });
        var midway = int.Parse(await page.InnerTextAsync(Progress));
        var shot = Path.Combine(AppContext.BaseDirectory, "screenshots", "export-midway.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot });
        await page.WaitForSelectorAsync(".task-alert[data-state='completed']", new PageWaitForSelectorOptions { Timeout = 120_000 });

        Assert.InRange(midway, 1, 99);
        Assert.Equal(loaded, await page.EvaluateAsync<double>("() => performance.timeOrigin"));
        Assert.Equal("100", await page.InnerTextAsync(Progress));
        Assert.Contains("Completed — check your email", await page.InnerTextAsync(".task-alert .task-result"));
        Assert.Equal(0, await page.Locator(".task-alert .progress").CountAsync());
        var mail = await Exports.ExportMailAsync(me);
        Assert.Equal("posts.zip", Exports.Attachment(mail).FileName);
    }
}
