using Microblog.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace Microblog.BrowserTests;

public class JourneyTests(KestrelAppFactory app, Browser browser) : IClassFixture<KestrelAppFactory>, IClassFixture<Browser>
{
    private static async Task LoginAsync(IPage page, string username, string password = AppFactory.Password)
    {
        await page.GotoAsync("/auth/login");
        await page.FillAsync("#Input_Username", username);
        await page.FillAsync("#Input_Password", password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync("**/index");
    }

    [Fact]
    public async Task New_user_registers_logs_in_posts_and_sees_the_post()
    {
        var page = await browser.NewPageAsync(app.RootUri);
        var name = AppFactory.Unique("browser");

        await page.GotoAsync("/auth/register");
        await page.FillAsync("#Input_Username", name);
        await page.FillAsync("#Input_Email", $"{name}@example.test");
        await page.FillAsync("#Input_Password", AppFactory.Password);
        await page.FillAsync("#Input_Password2", AppFactory.Password);
        await page.ClickAsync("#register");
        await page.WaitForURLAsync("**/auth/login");
        await LoginAsync(page, name);
        await page.FillAsync("#Input_Post", "Hello from a real browser!");
        await page.ClickAsync("#submit-post");
        await page.WaitForSelectorAsync(".flash");
        var shot = Path.Combine(AppContext.BaseDirectory, "screenshots", "home.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });

        Assert.Contains("Your post is now live!", await page.InnerTextAsync(".flash"));
        Assert.Contains("Hello from a real browser!", await page.InnerTextAsync(".post-body"));
        Assert.DoesNotContain("UTC", await page.InnerTextAsync(".post time"));
    }

    [Fact]
    public async Task Unread_badge_appears_without_a_reload_when_a_message_arrives()
    {
        var recipient = await app.CreateUserAsync("recipient");
        var (sender, _) = await app.CreateClientAsync("sender");
        var page = await browser.NewPageAsync(app.RootUri);
        await LoginAsync(page, recipient.UserName);
        var badge = page.Locator("#message_count");
        await Assertions.Expect(badge).ToBeHiddenAsync();

        await AppFactory.PostFormAsync(sender, $"/send_message/{recipient.UserName}", new() { ["Input.Message"] = "ping" });

        await Assertions.Expect(badge).ToBeVisibleAsync();
        await Assertions.Expect(badge).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task Following_from_a_profile_puts_their_posts_on_home()
    {
        var author = await app.CreateUserAsync("author");
        await AppFactory.PostFormAsync(await app.LoginAsync(author.UserName), "/index", new() { ["Input.Post"] = "worth following" });
        var reader = await app.CreateUserAsync("reader");
        var page = await browser.NewPageAsync(app.RootUri);
        await LoginAsync(page, reader.UserName);

        await page.GotoAsync($"/user/{author.UserName}");
        await page.ClickAsync("#follow");
        await page.WaitForSelectorAsync("#unfollow");
        var shot = Path.Combine(AppContext.BaseDirectory, "screenshots", "profile.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        await page.ClickAsync("text=Home");
        await page.WaitForURLAsync("**/index");

        Assert.Contains("worth following", await page.InnerTextAsync("main"));
    }
}
