using Microblog.IntegrationTests.Infrastructure;
using Microblog.IntegrationTests.Pages;
using Microblog.Tasks.Jobs;
using Microsoft.Playwright;

namespace Microblog.BrowserTests;

public class ExportJourneyTests(GatedMailAppFactory app, Browser browser) : IClassFixture<GatedMailAppFactory>, IClassFixture<Browser>
{
    private const string Progress = ".task-alert span[id$='-progress']";

    [Fact]
    public async Task Export_alert_rises_without_a_reload_and_ends_completed()
    {
        var me = await app.CreateUserAsync("exporter");
        // The export holds at "Mailing your archive" until the test opens the mail gate, whatever the machine's speed.
        await app.InsertPostsAsync(me.Id, 2_000);
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
            $"() => Number(document.querySelector(\"{Progress}\")?.textContent) === 99",
            null, new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 50 });
        var midway = int.Parse(await page.InnerTextAsync(Progress));
        var message = await page.InnerTextAsync(".task-alert .task-message");
        var shot = Path.Combine(AppContext.BaseDirectory, "screenshots", "export-midway.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot });
        app.Gate.Open();
        await page.WaitForSelectorAsync(".task-alert[data-state='completed']", new PageWaitForSelectorOptions { Timeout = 120_000 });

        Assert.InRange(midway, 1, 99);
        Assert.Equal(ExportPosts.MailingMessage, message);
        Assert.Equal(loaded, await page.EvaluateAsync<double>("() => performance.timeOrigin"));
        Assert.Equal("100", await page.InnerTextAsync(Progress));
        Assert.Contains("Completed — check your email", await page.InnerTextAsync(".task-alert .task-result"));
        Assert.Equal(0, await page.Locator(".task-alert .progress").CountAsync());
        var mail = await Exports.ExportMailAsync(me);
        Assert.Equal("posts.json", Exports.Attachment(mail).FileName);
    }
}
